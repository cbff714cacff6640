"""The Telegram channel: a thin adapter between Telegram chats and the dialogue manager."""
