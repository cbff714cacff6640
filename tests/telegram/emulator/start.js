// Starts the npm package telegram-test-api (pinned in tests/telegram/emulator.py) on 127.0.0.1
// with the few fixes python-telegram-bot needs, then prints "listening PORT".
// Usage: NODE_PATH=<its node_modules> node start.js PORT
'use strict';

const http = require('http');
const express = require('express');
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
const server = new TelegramServer({ host: '127.0.0.1', port, storeTimeout: 3600 });
const BOT = { id: 666, is_bot: true, first_name: 'Homeward', username: 'HomewardTestBot' };

// Callback queries must carry chat_instance for PTB to parse them.
const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  const formatted = formatUpdate(update);
  if (formatted.callback_query) {
    formatted.callback_query.chat_instance = String(formatted.callback_query.from.id);
  }
  return formatted;
};

const front = express();
front.use(express.json());
front.use(express.urlencoded({ extended: true }));

front.all('/bot:token/getMe', (_req, res) => res.json({ ok: true, result: BOT }));

// Dates in seconds (the emulator uses milliseconds) and a sender on every message.
front.all('/bot:token/sendMessage', (req, res) => {
  const message = server.addBotMessage(req.body, req.params.token);
  res.json({ ok: true, result: { ...message, date: Math.floor(message.date / 1000), from: BOT } });
});

// The emulator answers edits with null; Telegram answers true for them.
front.all('/bot:token/editMessageText', (req, res) => {
  server.editMessageText(req.body);
  res.json({ ok: true, result: true });
});
front.all('/bot:token/editMessageReplyMarkup', (req, res) => {
  server.editMessageReplyMarkup(req.body);
  res.json({ ok: true, result: true });
});
front.all('/bot:token/answerCallbackQuery', (_req, res) => res.json({ ok: true, result: true }));

// Methods the emulator does not know but PTB calls at start-up or while typing.
for (const method of ['setMyCommands', 'setMyDescription', 'setMyShortDescription', 'sendChatAction', 'deleteWebhook', 'getWebhookInfo']) {
  front.all(`/bot:token/${method}`, (_req, res) => res.json({ ok: true, result: true }));
}

front.use(server.webServer);
server.started = true;
http.createServer(front).listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${port}\n`);
});
