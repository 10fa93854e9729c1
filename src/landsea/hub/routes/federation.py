"""Federation between national hubs: a peer pushes signed documents to the inbox, or pulls
what it missed from the feed; both speak signed messages, not API tokens. The administrator
reads the configured peers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, allowed
from landsea.hub.policy import Action
from landsea.hub.schemas.federation import FeedOut, PeerOut, ReceivedOut, SignedMessageIn
from landsea.hub.services import federation

router = APIRouter(tags=["federation"])

KeyKeeper = Annotated[Principal, Depends(allowed(Action.MANAGE_KEYS))]
_REFUSALS: dict[int | str, dict[str, Any]] = {
    409: {"description": "a replay: the message's nonce was seen before"},
    422: {
        "description": "unknown key, bad signature, wrong audience or outside the window; when "
        "one document of a delivery is refused, `refused_sequence` names it"
    },
}


@router.post("/federation/inbox", responses=_REFUSALS)
def inbox(context: Hub, body: SignedMessageIn) -> ReceivedOut:
    """A peer hub delivers signed documents (each kept once per sequence number)."""
    with context.db.write() as session:
        peer, payload = federation.open_message(
            session, context.settings, body.jws, federation.DELIVERY
        )
        got = federation.receive(session, context.settings, peer, payload)
    return ReceivedOut(stored=got.stored, duplicates=got.duplicates)


@router.post("/federation/feed", responses=_REFUSALS)
def feed(context: Hub, body: SignedMessageIn) -> FeedOut:
    """A peer hub asks, in a signed request, for its documents after a sequence number."""
    with context.db.write() as session:
        return FeedOut(jws=federation.feed(session, context.settings, body.jws))


@router.get("/peers")
def peers(context: Hub, _admin: KeyKeeper) -> list[PeerOut]:
    """The peer hubs this hub exchanges with (`landsea hub peer add` configures them)."""
    with context.db.read() as session:
        return federation.peer_states(session)
