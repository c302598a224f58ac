extension ChatPage {
    /// The page's behaviour: the chat over the WebSocket (reconnecting, rejoining its rooms),
    /// the activity feed over `EventSource`. Text from others only ever goes in as text.
    static let script = #"""
        'use strict';
        const $ = (id) => document.getElementById(id);
        const chat = {
          socket: null, name: '', me: '', room: 'general', retry: 0,
          rooms: new Map(),      // joined rooms: name -> { lines: [], ids: Set, users: [], unread: false }
          allRooms: [],          // every room on the server
          typing: new Map(),     // room -> Set of names typing there
          typingTimer: null, typingSent: false,
          wanted: new Set(),     // rooms to join again after a reconnection
          rejoining: new Set(),  // ...and those being joined again now (no switching to them)
        };
        const feedIds = new Set();

        function setStatus(id, state, text) { const el = $(id); el.dataset.state = state; el.textContent = text; }
        function time(ts) { return new Date((ts || Date.now() / 1000) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
        function el(tag, className, text) {
          const node = document.createElement(tag);
          if (className) node.className = className;
          if (text !== undefined) node.textContent = text;
          return node;
        }

        // ---- The chat (WebSocket) ----

        function connect() {
          const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
          const socket = new WebSocket(`${scheme}://${location.host}/ws/chat?name=${encodeURIComponent(chat.name)}`);
          chat.socket = socket;
          setStatus('ws-status', 'connecting', 'chat: connecting');
          socket.onopen = () => { chat.retry = 0; setStatus('ws-status', 'open', 'chat: connected'); };
          socket.onmessage = (event) => receive(JSON.parse(event.data));
          socket.onclose = () => {
            if (chat.socket !== socket) return;
            setStatus('ws-status', 'closed', 'chat: offline, reconnecting');
            const delay = Math.min(10000, 1000 * 2 ** chat.retry++);
            setTimeout(connect, delay);
          };
        }

        function send(message) {
          if (chat.socket && chat.socket.readyState === WebSocket.OPEN) chat.socket.send(JSON.stringify(message));
        }

        function roomOf(name) {
          if (!chat.rooms.has(name)) chat.rooms.set(name, { lines: [], ids: new Set(), users: [], unread: false });
          return chat.rooms.get(name);
        }

        function addLine(roomName, line) {
          const room = chat.rooms.get(roomName);
          if (!room) return;
          if (line.id) { if (room.ids.has(line.id)) return; room.ids.add(line.id); }
          room.lines.push(line);
          if (room.lines.length > 200) room.lines.shift();
          if (roomName === chat.room) appendLine(line); else { room.unread = true; renderRooms(); }
        }

        function note(text, type = 'system') { addLine(chat.room, { type, text, ts: Date.now() / 1000 }); }

        function receive(msg) {
          switch (msg.type) {
            case 'connected':
              chat.me = msg.name; chat.allRooms = msg.rooms; chat.rooms.clear(); $('me').textContent = msg.name;
              chat.rejoining = new Set([...chat.wanted].filter((room) => room !== 'general'));
              for (const room of chat.rejoining) send({ type: 'join', room });
              break;
            case 'joined': {
              const room = roomOf(msg.room);
              room.users = msg.users; room.lines = []; room.ids = new Set();
              for (const line of msg.history) { room.ids.add(line.id); room.lines.push(line); }
              chat.wanted.add(msg.room);
              if (!chat.allRooms.includes(msg.room)) chat.allRooms.push(msg.room);
              if (chat.rejoining.delete(msg.room)) renderRooms(); else switchTo(msg.room);
              break;
            }
            case 'left':
              chat.rooms.delete(msg.room); chat.wanted.delete(msg.room);
              if (chat.room === msg.room) switchTo('general'); else renderRooms();
              break;
            case 'message': case 'action': addLine(msg.room, msg); break;
            case 'user_joined': case 'user_left': {
              const room = chat.rooms.get(msg.room);
              if (!room) break;
              room.users = msg.users;
              chat.typing.get(msg.room)?.delete(msg.user);
              addLine(msg.room, { type: 'system', text: `${msg.user} ${msg.type === 'user_joined' ? 'joined' : 'left'} the room`, ts: Date.now() / 1000 });
              if (msg.room === chat.room) { renderUsers(); renderTyping(); }
              break;
            }
            case 'typing': {
              if (!chat.typing.has(msg.room)) chat.typing.set(msg.room, new Set());
              const names = chat.typing.get(msg.room);
              if (msg.typing) names.add(msg.user); else names.delete(msg.user);
              if (msg.room === chat.room) { renderTyping(); renderUsers(); }
              break;
            }
            case 'pm': note(`(private) ${msg.from}: ${msg.text}`, 'pm'); break;
            case 'pm_sent': note(`(private to ${msg.to}) ${msg.text}`, 'pm'); break;
            case 'nick_changed':
              if (!msg.room) { chat.me = msg.new_name; $('me').textContent = msg.new_name; note(`You are now known as ${msg.new_name}`); break; }
              if (chat.rooms.has(msg.room)) {
                chat.rooms.get(msg.room).users = msg.users;
                addLine(msg.room, { type: 'system', text: `${msg.old_name} is now known as ${msg.new_name}`, ts: Date.now() / 1000 });
                if (msg.room === chat.room) renderUsers();
              }
              break;
            case 'room_list':
              chat.allRooms = msg.rooms.map((r) => r.name); renderRooms();
              note('Rooms: ' + msg.rooms.map((r) => `#${r.name} (${r.users})`).join(', '));
              break;
            case 'user_list': note(`In #${msg.room}: ` + msg.users.map((u) => u.name).join(', ')); break;
            case 'history': {
              const room = chat.rooms.get(msg.room);
              if (room) { room.lines = msg.messages; room.ids = new Set(msg.messages.map((m) => m.id)); if (msg.room === chat.room) renderMessages(); }
              break;
            }
            case 'system': note(msg.text); break;
            case 'error': note(msg.message, 'error'); break;
            case 'ping': send({ type: 'pong', ts: msg.ts }); break;
          }
        }

        function switchTo(name) {
          if (!chat.rooms.has(name)) { send({ type: 'join', room: name }); return; }
          chat.room = name; chat.rooms.get(name).unread = false;
          $('room-title').textContent = '#' + name;
          $('leave').hidden = name === 'general';
          renderRooms(); renderUsers(); renderMessages(); renderTyping();
        }

        function lineNode(line) {
          const mine = line.from === chat.me && line.type === 'message';
          const node = el('div', `line ${line.type || 'message'}${mine ? ' mine' : ''}`);
          if (line.id) node.dataset.id = line.id;
          node.append(el('span', 'time', time(line.ts)));
          if (line.type === 'message') node.append(el('span', 'from', line.from));
          node.append(el('span', 'text', line.text));
          return node;
        }

        function appendLine(line) {
          const box = $('messages');
          const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
          box.append(lineNode(line));
          if (atBottom) box.scrollTop = box.scrollHeight;
        }

        function renderMessages() {
          const box = $('messages');
          box.replaceChildren(...(chat.rooms.get(chat.room)?.lines || []).map(lineNode));
          box.scrollTop = box.scrollHeight;
        }

        function renderRooms() {
          const names = [...new Set([...chat.allRooms, ...chat.rooms.keys()])].sort();
          $('rooms').replaceChildren(...names.map((name) => {
            const joined = chat.rooms.get(name);
            const item = el('li', [joined ? 'joined' : '', name === chat.room ? 'current' : '', joined?.unread ? 'unread' : ''].join(' ').trim());
            item.dataset.room = name;
            item.append(el('span', '', '#' + name));
            item.onclick = () => switchTo(name);
            return item;
          }));
        }

        function renderUsers() {
          const room = chat.rooms.get(chat.room);
          const typing = chat.typing.get(chat.room) || new Set();
          $('users').replaceChildren(...(room?.users || []).map((user) => {
            const item = el('li', typing.has(user.name) ? 'typing' : '', user.name === chat.me ? `${user.name} (you)` : user.name);
            return item;
          }));
        }

        function renderTyping() {
          const names = [...(chat.typing.get(chat.room) || [])];
          $('typing').textContent = names.length ? `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing...` : '';
        }

        function setTyping(typing) {
          if (chat.typingSent === typing) return;
          chat.typingSent = typing;
          send({ type: 'typing', room: chat.room, typing });
        }

        // ---- The activity feed (server-sent events) ----

        const feedText = {
          message: (d) => [`#${d.room}`, d.type === 'action' ? d.text : `${d.from}: ${d.text}`],
          user_connected: (d) => ['', `${d.user} connected (${d.count} online)`],
          user_disconnected: (d) => ['', `${d.user} left the chat (${d.count} online)`],
          room_created: (d) => [`#${d.room}`, `room created by ${d.created_by}`],
          room_deleted: (d) => [`#${d.room}`, 'room removed'],
        };

        function follow() {
          const source = new EventSource('/events');
          source.onopen = () => setStatus('sse-status', 'open', 'feed: live');
          source.onerror = () => setStatus('sse-status', source.readyState === EventSource.CLOSED ? 'closed' : 'connecting', 'feed: reconnecting');
          for (const [name, describe] of Object.entries(feedText)) {
            source.addEventListener(name, (event) => {
              if (event.lastEventId && feedIds.has(event.lastEventId)) return;
              feedIds.add(event.lastEventId);
              const data = JSON.parse(event.data);
              const [tag, text] = describe(data);
              const item = el('li');
              item.dataset.event = name;
              if (event.lastEventId) item.dataset.id = event.lastEventId;
              if (tag) item.append(el('span', 'room-tag', tag));
              item.append(el('span', 'text', text));
              const feed = $('feed');
              feed.append(item);
              while (feed.children.length > 100) feed.firstChild.remove();
              if (name === 'room_created' && !chat.allRooms.includes(data.room)) { chat.allRooms.push(data.room); renderRooms(); }
              if (name === 'room_deleted') { chat.allRooms = chat.allRooms.filter((r) => r !== data.room); renderRooms(); }
            });
          }
          source.addEventListener('stats', (event) => {
            const stats = JSON.parse(event.data);
            $('stat-users').textContent = stats.users_online;
            $('stat-rooms').textContent = stats.rooms_count;
            $('stat-messages').textContent = stats.messages_total;
            const up = stats.uptime;
            $('stat-uptime').textContent = up < 60 ? `${up}s` : up < 3600 ? `${Math.floor(up / 60)}m` : `${Math.floor(up / 3600)}h`;
          });
        }

        // ---- Wiring ----

        $('name').value = localStorage.getItem('pagi-chat-name') || '';
        $('login-form').onsubmit = (event) => {
          event.preventDefault();
          chat.name = $('name').value.trim();
          if (!chat.name) return;
          localStorage.setItem('pagi-chat-name', chat.name);
          $('login').hidden = true; $('chat').hidden = false;
          connect();
          $('message-input').focus();
        };
        $('composer').onsubmit = (event) => {
          event.preventDefault();
          const input = $('message-input');
          const text = input.value;
          if (!text.trim()) return;
          send({ type: 'message', room: chat.room, text });
          input.value = '';
          clearTimeout(chat.typingTimer);
          chat.typingSent = false;
        };
        $('message-input').oninput = () => {
          const input = $('message-input');
          if (input.value.startsWith('/') || !input.value) { clearTimeout(chat.typingTimer); setTyping(false); return; }
          setTyping(true);
          clearTimeout(chat.typingTimer);
          chat.typingTimer = setTimeout(() => setTyping(false), 2000);
        };
        $('new-room-form').onsubmit = (event) => {
          event.preventDefault();
          const name = $('room-name').value.trim();
          if (name) switchTo(name.toLowerCase());
          $('room-name').value = '';
        };
        $('leave').onclick = () => send({ type: 'leave', room: chat.room });
        follow();

        """#
}
