"""The landsea error family.

Every error a user can cause is a `LandseaError`. Each also subclasses the matching built-in,
so callers that catch `ValueError` or `LookupError` keep working. The CLI maps each family to
an exit code (`exit_code`); the hub maps them to HTTP statuses.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConflictError",
    "ConvergenceError",
    "DataError",
    "HubError",
    "LandseaError",
    "Location",
    "NoRouteError",
    "NotFoundError",
    "PermissionDeniedError",
    "RefusedDocumentError",
    "ScenarioError",
    "SignatureError",
    "SimulationError",
    "UnknownCrossingError",
    "UnknownNameError",
    "UnknownPassageError",
    "UnknownPlaceError",
    "UnknownTerminalError",
]


class LandseaError(Exception):
    """Base of every error landsea raises on purpose."""

    exit_code: int = 1


@dataclass(frozen=True)
class Location:
    """Where bad input sits: a file, a 1-based data row (header excluded) and a field."""

    file: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(str(self.row))
        if self.field is not None:
            parts.append(self.field)
        return ":".join(parts)


class DataError(LandseaError, ValueError):
    """Input data that cannot be used: names file, row and field where they are known."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.location = location
        self.reason = message
        super().__init__(f"{location}: {message}" if location else message)


class UnknownNameError(LandseaError, LookupError):
    """A name that matches no thing of its kind, or several; carries the closest names.

    `landsea.network.names` raises one subclass per kind (`kind` names it in the message);
    each suggestion reads `Name (ID)`.
    """

    exit_code = 2
    kind = "name"

    def __init__(self, query: str, suggestions: list[str], *, several: bool = False) -> None:
        self.query = query
        self.suggestions = suggestions
        self.several = several
        if several:
            what = f"{query!r} names several {self.kind}s"
        else:
            what = f"unknown {self.kind} {query!r}"
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"{what}{hint}")


class UnknownPlaceError(UnknownNameError):
    """A place name or code that matches no place, or several."""

    kind = "place"


class UnknownCrossingError(UnknownNameError):
    """A border crossing's name that matches no crossing (or several, where one is needed)."""

    kind = "crossing"


class UnknownTerminalError(UnknownNameError):
    """A terminal (gauge-change yard, sea-rail port) that matches none; a terminal is a place
    where goods change trains or ships, not a border crossing."""

    kind = "terminal"


class UnknownPassageError(UnknownNameError):
    """A sea passage (strait, gulf's mouth, lane junction) that matches none, or several."""

    kind = "sea passage"


class NoRouteError(LandseaError, LookupError):
    """No route satisfies the constraints; `cut_by` names the constraint that cut the last one."""

    exit_code = 3

    def __init__(self, message: str, cut_by: str | None = None) -> None:
        self.cut_by = cut_by
        super().__init__(message)


class ConvergenceError(LandseaError, RuntimeError):
    """An iterative method reached its limit without meeting its target."""

    exit_code = 4


class SimulationError(LandseaError, ValueError):
    """A simulation asked of something that has no answer (bad rates, no steady state)."""

    exit_code = 2


class ScenarioError(LandseaError, ValueError):
    """A scenario specification that cannot be applied."""

    exit_code = 2


class HubError(LandseaError):
    """Base of the hub's domain errors; the hub maps each to an HTTP status."""

    status_code: int = 400


class NotFoundError(HubError, LookupError):
    """A hub record that does not exist, or that the caller may not know exists."""

    status_code = 404


class PermissionDeniedError(HubError, PermissionError):
    """An action the caller's role or organisation may not take."""

    status_code = 403


class ConflictError(HubError, ValueError):
    """A request that clashes with the hub's state (a duplicate, a step out of order)."""

    status_code = 409


class SignatureError(HubError, ValueError):
    """A signed document that does not verify: tampered, unknown key or malformed."""

    status_code = 422


class RefusedDocumentError(SignatureError):
    """One document of a peer hub's delivery that this hub refuses, named by its sequence
    number: the hub answers it as `refused_sequence` beside the detail, and the sender sets
    that one document aside (a dead letter) and sends the rest."""

    def __init__(self, message: str, sequence: int) -> None:
        super().__init__(message)
        self.sequence = sequence
