"""Reading TNTP networks: the metadata, the links with both id systems, trips and flows.

The fixtures under tests/fixtures/tntp/ are written by hand: Braess's paradox network and a
five-node network with two zones below FIRST THRU NODE, a parallel link and a zero-time link.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landsea.data.tntp import (
    LINK_FIELDS,
    find_tntp_files,
    read_tntp_flows,
    read_tntp_network,
    read_tntp_trips,
)
from landsea.errors import DataError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "tntp"
ZONES_NET = FIXTURES / "zones" / "Zones_net.tntp"

NET_HEADER = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 2
<END OF METADATA>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_find_tntp_files_names_the_network_and_its_files() -> None:
    files = find_tntp_files(FIXTURES / "zones")
    assert files.name == "Zones"
    assert files.net.name == "Zones_net.tntp"
    assert files.trips is not None and files.trips.name == "Zones_trips.tntp"
    assert files.flow is not None and files.flow.name == "Zones_flow.tntp"


def test_a_folder_without_a_flow_file_has_flow_none() -> None:
    files = find_tntp_files(FIXTURES / "braess")
    assert files.flow is None


def test_metadata_and_links_keep_file_order() -> None:
    net = read_tntp_network(ZONES_NET)
    assert (net.name, net.zones, net.nodes, net.first_thru_node) == ("Zones", 2, 5, 3)
    assert net.num_links == 9
    assert list(net.links.columns[:2]) == ["init_node", "term_node"]
    assert set(LINK_FIELDS) <= set(net.links.columns)
    assert net.links["init_node"].tolist() == [1, 2, 1, 3, 3, 4, 5, 2, 5]


def test_zero_based_ids_sit_beside_the_tntp_ids() -> None:
    net = read_tntp_network(ZONES_NET)
    np.testing.assert_array_equal(net.tail, net.links["init_node"].to_numpy() - 1)
    np.testing.assert_array_equal(net.head, net.links["term_node"].to_numpy() - 1)


def test_parallel_links_are_both_kept_with_their_own_attributes() -> None:
    net = read_tntp_network(ZONES_NET)
    parallel = net.links[(net.links["init_node"] == 3) & (net.links["term_node"] == 4)]
    assert parallel["free_flow_time"].tolist() == [5.0, 3.0]
    assert parallel["toll"].tolist() == [0.0, 50.0]
    assert parallel["link_type"].tolist() == [1, 2]


def test_zones_below_first_thru_node_are_blocked_for_through_traffic() -> None:
    net = read_tntp_network(ZONES_NET)
    assert net.blocks_through_traffic
    assert net.blocked_nodes().tolist() == [True, True, False, False, False]


def test_first_thru_node_one_blocks_nothing() -> None:
    net = read_tntp_network(FIXTURES / "braess" / "Braess_net.tntp")
    assert not net.blocks_through_traffic
    assert not net.blocked_nodes().any()


def test_space_separated_lines_and_a_missing_semicolon_are_read() -> None:
    net = read_tntp_network(FIXTURES / "braess" / "Braess_net.tntp")
    assert net.links["free_flow_time"].tolist() == [1e-8, 50.0, 50.0, 10.0, 1e-8]
    assert net.links["b"].iloc[0] == 1e9


def test_trips_become_a_dense_origin_by_destination_matrix() -> None:
    trips = read_tntp_trips(FIXTURES / "zones" / "Zones_trips.tntp", zones=2)
    assert trips.dtype == np.float64
    np.testing.assert_array_equal(trips, [[0.0, 30.0], [0.0, 0.0]])


def test_flows_are_read_in_file_order() -> None:
    flows = read_tntp_flows(FIXTURES / "zones" / "Zones_flow.tntp")
    assert list(flows.columns) == ["from", "to", "volume", "cost"]
    assert len(flows) == 9
    assert flows.loc[0, "volume"] == 30.0


def test_a_bad_number_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_net.tntp", NET_HEADER + "1 2 10 1 x 0.15 4 0 0 1 ;\n")
    with pytest.raises(DataError, match="free_flow_time") as caught:
        read_tntp_network(path)
    assert caught.value.location is not None
    assert (caught.value.location.row, caught.value.location.field) == (6, "free_flow_time")


def test_a_node_beyond_number_of_nodes_is_an_error(tmp_path: Path) -> None:
    links = "1 2 1 1 1 0 1 0 0 1;\n1 9 1 1 1 0 1 0 0 1;\n"
    path = write(tmp_path, "bad_net.tntp", NET_HEADER + links)
    with pytest.raises(DataError, match=r"bad_net.tntp:7:term_node: node 9 is outside 1..3"):
        read_tntp_network(path)


def test_a_negative_free_flow_time_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_net.tntp", NET_HEADER + "1 2 1 1 -1 0 1 0 0 1;\n")
    with pytest.raises(DataError, match="free_flow_time: -1 is negative"):
        read_tntp_network(path)


def test_a_short_link_line_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_net.tntp", NET_HEADER + "1 2 1 1 1 ;\n")
    with pytest.raises(DataError, match="expected 10 fields"):
        read_tntp_network(path)


def test_a_link_count_that_disagrees_with_the_metadata_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_net.tntp", NET_HEADER + "1 2 1 1 1 0 1 0 0 1;\n")
    with pytest.raises(DataError, match="NUMBER OF LINKS"):
        read_tntp_network(path)


def test_missing_metadata_is_an_error(tmp_path: Path) -> None:
    text = NET_HEADER.replace("<FIRST THRU NODE> 1\n", "")
    path = write(tmp_path, "bad_net.tntp", text)
    with pytest.raises(DataError, match="missing <FIRST THRU NODE>"):
        read_tntp_network(path)


def test_a_file_without_end_of_metadata_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_net.tntp", "<NUMBER OF ZONES> 2\n")
    with pytest.raises(DataError, match="END OF METADATA"):
        read_tntp_network(path)


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        read_tntp_network(tmp_path / "nowhere_net.tntp")


TRIPS_HEADER = "<NUMBER OF ZONES> 2\n<END OF METADATA>\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Origin 1\n  2 : -5.0;\n", r":4:volume: -5.0 is negative"),
        ("Origin 1\n  3 : 5.0;\n", r":4:destination: '3' is not a zone in 1..2"),
        ("Origin 7\n  2 : 5.0;\n", r":3:origin: '7' is not a zone"),
        ("Origin 1\n  2 : 5.0;\n  2 : 1.0;\n", r":5:destination: origin 1 to destination 2"),
        ("Origin 1\n  2 : 5.0; oops\n", r":4: cannot read 'oops'"),
        ("  2 : 5.0;\n", r":3: data before the first 'Origin' line"),
    ],
)
def test_bad_trips_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, "bad_trips.tntp", TRIPS_HEADER + body)
    with pytest.raises(DataError, match=message):
        read_tntp_trips(path, zones=2)


def test_trips_for_a_different_zone_count_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_trips.tntp", TRIPS_HEADER + "Origin 1\n")
    with pytest.raises(DataError, match="the trips file has 2 zones but the network has 3"):
        read_tntp_trips(path, zones=3)


def test_a_bad_flow_row_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad_flow.tntp", "From To Volume Cost\n1 2 3.0 4.0\n1 2 x 4.0\n")
    with pytest.raises(DataError, match=r"bad_flow.tntp:3:volume"):
        read_tntp_flows(path)


def test_a_folder_without_a_network_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no \*_net.tntp file"):
        find_tntp_files(tmp_path)


def test_a_folder_with_two_network_files_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a_net.tntp", NET_HEADER)
    write(tmp_path, "b_net.tntp", NET_HEADER)
    with pytest.raises(DataError, match="more than one"):
        find_tntp_files(tmp_path)


def test_a_path_that_is_not_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not a folder"):
        find_tntp_files(tmp_path / "missing")


def test_irregular_but_valid_trip_files_read_the_same_as_clean_ones(tmp_path: Path) -> None:
    # The clean layout takes the fast path; a missing ';' and comments inside a block send the
    # file to the line-by-line reader. Both must give the same matrix.
    clean = "Origin 1\n  1 : 0.0;  2 : 5.5;\nOrigin 2\n  1 : 2.0;\n"
    irregular = "Origin 1\n~ a note\n  1 : 0.0;  2 : 5.5\nOrigin\t2\n  1:2.0;\n"
    expected = [[0.0, 5.5], [2.0, 0.0]]
    for name, body in (("clean_trips.tntp", clean), ("odd_trips.tntp", irregular)):
        trips = read_tntp_trips(write(tmp_path, name, TRIPS_HEADER + body), zones=2)
        np.testing.assert_array_equal(trips, expected)


@settings(deadline=None, max_examples=40)
@given(
    st.integers(1, 6).flatmap(
        lambda zones: st.lists(
            st.lists(
                st.one_of(st.just(0.0), st.floats(0, 1e6, allow_subnormal=False)),
                min_size=zones,
                max_size=zones,
            ),
            min_size=zones,
            max_size=zones,
        )
    ),
    st.integers(1, 5),
)
def test_a_written_trip_table_reads_back_exactly(matrix: list[list[float]], per_line: int) -> None:
    zones = len(matrix)
    lines = [f"<NUMBER OF ZONES> {zones}", "<END OF METADATA>", ""]
    for origin, row in enumerate(matrix, start=1):
        lines.append(f"Origin {origin}")
        pairs = [f"{dest:5d} : {volume!r};" for dest, volume in enumerate(row, start=1) if volume]
        lines += ["  ".join(pairs[i : i + per_line]) for i in range(0, len(pairs), per_line)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop_trips.tntp"
        path.write_text("\n".join(lines) + "\n")
        np.testing.assert_array_equal(read_tntp_trips(path, zones), np.asarray(matrix))


def test_metadata_values_may_end_in_a_semicolon(tmp_path: Path) -> None:
    text = NET_HEADER.replace("<NUMBER OF NODES> 3", "<NUMBER OF NODES> 3 ;")
    path = write(tmp_path, "semi_net.tntp", text + "1 2 1 1 1 0 1 0 0 1;\n2 3 1 1 1 0 1 0 0 1;\n")
    assert read_tntp_network(path).nodes == 3


def test_an_empty_metadata_value_names_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad_net.tntp", NET_HEADER.replace("<NUMBER OF NODES> 3", "<NUMBER OF NODES>")
    )
    with pytest.raises(DataError, match=r"bad_net.tntp:2:NUMBER OF NODES: '' is not an integer"):
        read_tntp_network(path)


@pytest.mark.parametrize("name", ["zones/Zones_net.tntp", "braess/Braess_net.tntp"])
def test_the_fast_and_the_line_by_line_link_readers_agree(name: str) -> None:
    # read_tntp_network tries a vectorised reader first and falls back to the careful one.
    from landsea.data import tntp

    path = FIXTURES / name
    lines = tntp._read_lines(path)
    metadata, start = tntp._parse_metadata(path, lines)
    nodes = int(metadata["NUMBER OF NODES"][0])
    fast = tntp._links_fast(lines[start:], nodes)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, tntp._parse_links(path, lines, start, nodes))


def test_a_link_line_with_a_bad_field_still_names_it_after_the_fast_reader_gives_up(
    tmp_path: Path,
) -> None:
    good = "1 2 1 1 1 0.15 4 0 0 1 ;\n"
    path = write(tmp_path, "bad_net.tntp", NET_HEADER + good + "2 3 1 1 1 0.15 4 0 0 1.5 ;\n")
    with pytest.raises(DataError, match=r"bad_net.tntp:7:link_type: '1.5' is not an integer"):
        read_tntp_network(path)


def test_windows_line_ends_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    text = NET_HEADER + "1 2 1 1 1 0.15 4 0 0 1 ;\n2 3 1 1 2 0.15 4 0 0 1 ;\n"
    path = tmp_path / "windows_net.tntp"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    net = read_tntp_network(path)
    assert (net.nodes, net.num_links) == (3, 2)
    assert net.links["free_flow_time"].tolist() == [1.0, 2.0]


@settings(deadline=None, max_examples=40)
@given(
    st.integers(2, 6).flatmap(
        lambda nodes: st.tuples(
            st.just(nodes),
            st.lists(
                st.tuples(
                    st.integers(1, nodes),
                    st.integers(1, nodes),
                    st.floats(0, 1e5, allow_subnormal=False),
                    st.floats(0, 100, allow_subnormal=False),
                    st.sampled_from([0.0, 1.0, 4.0]),
                ),
                min_size=1,
                max_size=12,
            ),
        )
    ),
    st.sampled_from(["\t{}\t;", "  {} ;", "{};", "\t{}"]),
)
def test_a_written_network_reads_back_exactly(
    network: tuple[int, list[tuple[int, int, float, float, float]]], layout: str
) -> None:
    nodes, links = network
    lines = [
        "<NUMBER OF ZONES> 1",
        f"<NUMBER OF NODES> {nodes}",
        "<FIRST THRU NODE> 1",
        f"<NUMBER OF LINKS> {len(links)}",
        "<END OF METADATA>",
        "~ init_node term_node capacity length free_flow_time b power speed toll link_type ;",
    ]
    separator = "\t" if layout.startswith("\t") else " "
    for a, b, capacity, fft, power in links:
        fields = [a, b, repr(capacity), 1, repr(fft), 0.15, repr(power), 0, 0, 1]
        lines.append(layout.format(separator.join(str(f) for f in fields)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop_net.tntp"
        path.write_text("\n".join(lines) + "\n")
        net = read_tntp_network(path)
    assert net.links["init_node"].tolist() == [link[0] for link in links]
    assert net.links["term_node"].tolist() == [link[1] for link in links]
    assert net.links["capacity"].tolist() == [link[2] for link in links]
    assert net.links["free_flow_time"].tolist() == [link[3] for link in links]
    assert net.links["power"].tolist() == [link[4] for link in links]
