"""The facts of a child's grab pack, gathered from storage into one plain record the PDF layout
(dialogues.grab_pack_pdf) prints. Reading the profile and photo is the caller's business (the
chat through the access policy, the command line as the operator), so this module only adds the
child's identity, previous episodes and the adults to contact."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from dialogues.flows import profile_messages as pm
from protocols.clock import london_date, london_text
from storage.db import Session
from storage.models import Staff
from storage.people import addresses_on, carers_of, get_child, get_team
from storage.profiles import (
    FIELDS,
    PastEpisode,
    Photo,
    Profile,
    ProfileField,
    previous_episodes,
)

# Ways to reach a person that belong on paper (a chat id does not).
PRINTABLE_CHANNELS = ("phone", "mobile", "email")
MAX_EPISODES = 6  # the latest ones; the police hold the full history


@dataclass(frozen=True)
class Contact:
    role: str
    name: str
    team: str | None
    reach: tuple[str, ...]  # phone numbers, e-mail addresses on record


@dataclass(frozen=True)
class GrabPack:
    name: str
    known_as: str | None
    date_of_birth: date | None
    age: int | None
    legal_status: str
    responsible_authority: str | None
    fields: Mapping[ProfileField, str | None]
    clothing: str | None
    religion: str | None
    sexual_orientation: str | None
    photo: bytes | None
    photo_caption: str
    episodes: tuple[str, ...]
    contacts: tuple[Contact, ...]
    version: int
    last_checked: str
    made: str


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def collect(
    session: Session,
    profile: Profile,
    photo: Photo | None,
    now: datetime,
    *,
    clothing: str | None = None,
) -> GrabPack:
    child = get_child(session, profile.child_id)
    today = london_date(now)
    born = child.date_of_birth
    if photo is None:
        caption = pm.PDF_NO_PHOTO
    else:
        taken = _day(photo.info.taken_on) if photo.info.taken_on else pm.NOT_RECORDED
        caption = pm.PDF_PHOTO_DATE.format(taken=taken, added=_day(photo.info.uploaded_at))
    who = f" by {profile.recorded_by}" if profile.recorded_by else ""
    checked = (
        pm.PDF_LAST_CHECKED.format(when=london_text(profile.recorded_at), who=who)
        if profile.recorded_at
        else pm.PDF_NEVER_CHECKED
    )
    return GrabPack(
        name=f"{child.given_name} {child.family_name}",
        known_as=child.preferred_name,
        date_of_birth=born,
        age=age_on(born, today) if born else None,
        legal_status=child.legal_status.replace("_", " "),
        responsible_authority=child.responsible_authority,
        fields={f: profile.value(f) for f in FIELDS},
        clothing=clothing,
        religion=child.religion,
        sexual_orientation=child.sexual_orientation,
        photo=photo.data if photo else None,
        photo_caption=caption,
        episodes=tuple(
            _episode_line(e) for e in previous_episodes(session, child.id)[:MAX_EPISODES]
        ),
        contacts=_contacts(session, child.id, child.allocated_social_worker_id),
        version=profile.version,
        last_checked=checked,
        made=pm.PDF_MADE.format(when=london_text(now), version=profile.version),
    )


def _day(moment: date | datetime) -> str:
    day = london_date(moment) if isinstance(moment, datetime) else moment
    return day.strftime("%d %b %Y")


def _episode_line(episode: PastEpisode) -> str:
    start = london_text(episode.started_at)
    if episode.open or episode.returned_at is None:
        outcome = pm.PDF_EPISODE_OPEN
    else:
        hours = (episode.returned_at - episode.started_at).total_seconds() / 3600
        length = f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.1f} days"
        how = f", {episode.return_how.replace('_', ' ')}" if episode.return_how else ""
        outcome = pm.PDF_EPISODE_BACK.format(
            end=london_text(episode.returned_at), hours=length, how=how
        )
    return pm.PDF_EPISODE.format(number=episode.number, start=start, outcome=outcome)


def _contacts(session: Session, child_id: int, social_worker_id: int | None) -> tuple[Contact, ...]:
    people = [(pm.PDF_CARER, c) for c in carers_of(session, child_id)]
    if social_worker_id is not None:
        worker = session.get(Staff, social_worker_id)
        if worker is not None and worker.active:
            people.append((pm.PDF_SOCIAL_WORKER, worker))
    out = []
    for role, person in people:
        reach = addresses_on(session, person.id, PRINTABLE_CHANNELS)
        team = get_team(session, person.team_id).name if person.team_id is not None else None
        out.append(Contact(role, person.name, team, tuple(reach)))
    return tuple(out)
