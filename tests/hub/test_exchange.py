"""Signed exchange: a document signed by one hub verifies on a second and fails once altered."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from landsea.config import Settings
from landsea.errors import SignatureError
from landsea.hub.app import create_app
from landsea.hub.auth import Role
from landsea.hub.models import HubKey
from landsea.hub.services.identity import issue_token
from landsea.hub.signing import load_private_pem

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


@pytest.fixture
def lao_hub(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A second, independent hub (Laos) and its administrator's token."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'lao.sqlite3'}", hub_name="Lao hub")
    app = create_app(settings)
    with app.state.hub.db.write() as session:
        admin = issue_token(session, "Lao Hub Admin", Role.ADMIN)
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {admin.token}"}
    app.state.hub.db.dispose()


@pytest.fixture
def signed(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> dict[str, Any]:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    exported = client.get(
        f"/consignments/{made.json()['id']}/export", headers=corridor_parties["operator"]
    )
    assert exported.status_code == 200, exported.text
    return exported.json()


def trust(
    client: TestClient, lao: tuple[TestClient, dict[str, str]], headers: dict[str, str]
) -> None:
    own = client.get("/keys/own", headers=headers).json()
    lao_client, lao_admin = lao
    body = {"hub_name": "Chongqing hub", "public_key": own["public_key"], "country": "CN"}
    assert lao_client.post("/keys/trusted", json=body, headers=lao_admin).status_code == 201


def test_a_signed_consignment_verifies_on_a_peer_hub(
    client: TestClient, corridor_parties: Parties, signed: dict[str, Any], lao_hub: Any
) -> None:
    trust(client, lao_hub, corridor_parties["operator"])
    lao_client, lao_admin = lao_hub
    imported = lao_client.post("/imports", json={"jws": signed["jws"]}, headers=lao_admin)
    assert imported.status_code == 201, imported.text
    document = imported.json()
    assert document["kind"] == "consignment" and document["issuer"] == "landsea-hub"
    assert document["document"]["equipment"][0]["container_number"] == "CSQU3054383"
    again = lao_client.post("/imports", json={"jws": signed["jws"]}, headers=lao_admin)
    assert again.status_code == 200 and again.json()["already_imported"]


def test_one_changed_byte_is_refused(
    client: TestClient, corridor_parties: Parties, signed: dict[str, Any], lao_hub: Any
) -> None:
    trust(client, lao_hub, corridor_parties["operator"])
    lao_client, lao_admin = lao_hub
    header, payload, signature = signed["jws"].split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    at = raw.index(b"9600")  # the declared gross mass
    raw[at] = ord("1")
    forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    refused = lao_client.post(
        "/imports", json={"jws": f"{header}.{forged}.{signature}"}, headers=lao_admin
    )
    assert refused.status_code == 422
    assert "signature does not verify" in refused.json()["detail"]
    assert lao_client.get("/imports", headers=lao_admin).json() == []


def test_any_single_byte_change_of_the_document_is_refused(
    client: TestClient, corridor_parties: Parties, signed: dict[str, Any], lao_hub: Any
) -> None:
    trust(client, lao_hub, corridor_parties["operator"])
    lao_client, lao_admin = lao_hub
    token = signed["jws"]
    for position in (5, len(token) // 2, len(token) - 3):
        replacement = "A" if token[position] != "A" else "B"
        altered = token[:position] + replacement + token[position + 1 :]
        response = lao_client.post("/imports", json={"jws": altered}, headers=lao_admin)
        assert response.status_code == 422, position


def test_an_unknown_key_is_named(signed: dict[str, Any], lao_hub: Any) -> None:
    lao_client, lao_admin = lao_hub
    refused = lao_client.post("/imports", json={"jws": signed["jws"]}, headers=lao_admin)
    assert refused.status_code == 422
    assert f"unknown key {signed['kid']}" in refused.json()["detail"]


def test_declarations_travel_signed_too(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, lao_hub: Any
) -> None:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    ).json()
    declared = client.post(
        f"/consignments/{made['id']}/declarations",
        json={"crossing_id": "MOHAN_BOTEN_RAIL"},
        headers=corridor_parties["operator"],
    ).json()
    exported = client.get(
        f"/declarations/{declared['id']}/export", headers=corridor_parties["cn"]
    ).json()
    header = json.loads(base64.urlsafe_b64decode(exported["jws"].split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["kid"] == exported["kid"]
    trust(client, lao_hub, corridor_parties["cn"])
    lao_client, lao_admin = lao_hub
    imported = lao_client.post("/imports", json={"jws": exported["jws"]}, headers=lao_admin)
    assert (
        imported.status_code == 201
        and imported.json()["document"]["crossing_id"] == "MOHAN_BOTEN_RAIL"
    )
    assert (
        client.get(
            f"/declarations/{declared['id']}/export", headers=corridor_parties["vn"]
        ).status_code
        == 404
    )


def test_malformed_documents_say_so(lao_hub: Any) -> None:
    lao_client, lao_admin = lao_hub
    for jws, reason in (("abc.def", "three parts"), ("a.b.c", "malformed")):
        response = lao_client.post("/imports", json={"jws": jws}, headers=lao_admin)
        assert response.status_code == 422 and reason in response.json()["detail"]


def test_the_command_line_signs_and_verifies_across_hubs(
    client: TestClient,
    corridor_parties: Parties,
    consignment_body: Body,
    database_url: str,
    tmp_path: Path,
) -> None:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    ).json()
    peer = f"sqlite:///{tmp_path / 'peer.sqlite3'}"
    document = tmp_path / "consignment.jws"

    def landsea(*args: str) -> tuple[int, str]:
        from typer.testing import CliRunner

        from landsea.cli.app import app

        result = CliRunner().invoke(app, list(args))
        # main() turns a LandseaError into its message; the runner keeps it as the exception.
        return result.exit_code, result.output + str(result.exception or "")

    code, shown = landsea("hub", "key", "show", "--json", "--database", database_url)
    assert code == 0, shown
    public_key = json.loads(shown)["public_key"]
    assert (
        landsea(
            "hub",
            "key",
            "trust",
            "--public-key",
            public_key,
            "--name",
            "Chongqing hub",
            "--database",
            peer,
        )[0]
        == 0
    )
    assert (
        landsea(
            "hub",
            "export",
            "consignment",
            made["id"],
            "--out",
            str(document),
            "--database",
            database_url,
        )[0]
        == 0
    )
    code, output = landsea("hub", "import", str(document), "--database", peer)
    assert code == 0 and "imported: consignment" in output
    header, payload, signature = document.read_text().strip().split(".")
    document.write_text(f"{header}.{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}")
    code, output = landsea("hub", "import", str(document), "--database", peer)
    assert code != 0 and "signature does not verify" in output


def test_a_detached_signature_travels_beside_its_payload(
    client: TestClient, corridor_parties: Parties, consignment_body: Body, lao_hub: Any
) -> None:
    made = client.post(
        "/consignments", json=consignment_body(), headers=corridor_parties["operator"]
    )
    exported = client.get(
        f"/consignments/{made.json()['id']}/export",
        params={"detached": True},
        headers=corridor_parties["operator"],
    ).json()
    middle = exported["jws"].split(".")[1]
    assert middle == "" and exported["payload"]["kind"] == "consignment"
    trust(client, lao_hub, corridor_parties["operator"])
    lao_client, lao_admin = lao_hub
    body = {"jws": exported["jws"], "payload": exported["payload"]}
    assert lao_client.post("/imports", json=body, headers=lao_admin).status_code == 201
    altered = json.loads(json.dumps(exported["payload"]))
    altered["document"]["goods"][0]["gross_mass_kg"] = 1.0
    refused = lao_client.post(
        "/imports", json={"jws": exported["jws"], "payload": altered}, headers=lao_admin
    )
    assert refused.status_code == 422 and "signature does not verify" in refused.json()["detail"]
    alone = lao_client.post("/imports", json={"jws": exported["jws"]}, headers=lao_admin)
    assert alone.status_code == 422 and "detached" in alone.json()["detail"]


@pytest.fixture
def guarded_hub(
    tmp_path: Path, sqlite_template: Path
) -> Iterator[tuple[TestClient, dict[str, str], Any]]:
    """A hub whose signing keys are encrypted under a passphrase kept in a file."""
    secret = tmp_path / "passphrase"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'guarded.sqlite3'}", key_passphrase_file=secret
    )
    app = create_app(settings)
    with app.state.hub.db.write() as session:
        admin = issue_token(session, "Hub Admin", Role.ADMIN)
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {admin.token}"}, app
    app.state.hub.db.dispose()


def test_the_signing_key_is_encrypted_at_rest(guarded_hub: Any) -> None:
    client, admin, app = guarded_hub
    assert client.get("/keys/own", headers=admin).status_code == 200
    with app.state.hub.db.read() as session:
        (pem,) = session.scalars(select(HubKey.private_pem)).all()
    assert "ENCRYPTED PRIVATE KEY" in pem
    with pytest.raises(SignatureError, match="encrypted"):
        load_private_pem(pem)
    with pytest.raises(SignatureError, match="wrong passphrase"):
        load_private_pem(pem, b"guess")
    assert load_private_pem(pem, b"correct horse battery staple") is not None


def test_a_rotated_key_signs_and_every_key_stays_published(guarded_hub: Any) -> None:
    client, admin, _app = guarded_hub
    first = client.get("/keys/own", headers=admin).json()["kid"]
    rotated = client.post("/keys/rotate", headers=admin)
    assert rotated.status_code == 201 and rotated.json()["kid"] != first
    assert client.get("/keys/own", headers=admin).json()["kid"] == rotated.json()["kid"]
    published = client.get("/keys/published").json()  # no token: peers fetch it
    assert [k["kid"] for k in published["keys"]] == [rotated.json()["kid"], first]
    assert {k["crv"] for k in published["keys"]} == {"Ed25519"}
    assert client.post("/keys/rotate").status_code == 401
