from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from storage.telegram_chats import (
    TOKEN_LENGTH,
    count_failed_code,
    failed_codes,
    find_keyboard,
    first_time_seen,
    forget_updates_before,
    refuse_once,
    save_keyboard,
    set_keyboard_message,
    set_keyboard_page,
    use_keyboard,
)
from tests.storage.world import T0


def test_a_keyboard_is_kept_server_side_and_pressed_once(session: Session) -> None:
    buttons = (("Done", "done"), ("Not possible", "not possible"))
    token = save_keyboard(session, 7, "Search 1 of 6", buttons, now=T0)
    assert len(token) == TOKEN_LENGTH
    set_keyboard_message(session, token, 99)
    set_keyboard_page(session, token, 1)
    kept = find_keyboard(session, token)
    assert kept is not None
    assert (kept.chat_id, kept.message_id, kept.buttons, kept.page) == (7, 99, buttons, 1)
    assert use_keyboard(session, token, now=T0)
    assert not use_keyboard(session, token, now=T0)
    assert find_keyboard(session, "nonexistent!") is None


def test_an_update_is_handled_once(session: Session) -> None:
    assert first_time_seen(session, 1001, now=T0)
    assert not first_time_seen(session, 1001, now=T0)
    assert forget_updates_before(session, T0 + timedelta(days=1)) == 1
    assert first_time_seen(session, 1001, now=T0 + timedelta(days=1))


def test_a_chat_is_refused_once_and_its_failures_counted(session: Session) -> None:
    assert refuse_once(session, 5, now=T0)
    assert not refuse_once(session, 5, now=T0)
    assert failed_codes(session, 6) == 0
    assert count_failed_code(session, 6) == 1 and count_failed_code(session, 6) == 2
