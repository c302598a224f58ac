extension ChatPage {
    /// Light or dark as the system prefers; three columns on a wide screen, one on a narrow.
    static let style = """
        :root {
          --bg: #f6f7f9; --panel: #ffffff; --text: #1d2330; --muted: #6b7385; --line: #dde1e8;
          --accent: #3b6ef5; --accent-text: #ffffff; --ok: #1f9d55; --warn: #c98a00; --bad: #d64545;
          --mine: #eef3ff; --pm: #fff6e0;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #14171e; --panel: #1c2029; --text: #e4e7ee; --muted: #99a1b3; --line: #2c3240;
            --accent: #6b93ff; --accent-text: #0c1020; --mine: #222b40; --pm: #3a3220;
          }
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
          display: grid; grid-template-columns: 1fr 300px; grid-template-rows: auto 1fr;
          grid-template-areas: "top top" "main activity";
        }
        h1 { font-size: 1.2rem; margin: 0; margin-right: auto; }
        h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1rem 0 .4rem; }
        button {
          border: 0; border-radius: 6px; padding: .45rem .9rem; background: var(--accent); color: var(--accent-text);
          font: inherit; cursor: pointer;
        }
        input {
          border: 1px solid var(--line); border-radius: 6px; padding: .45rem .6rem; background: var(--bg);
          color: var(--text); font: inherit; min-width: 0;
        }
        .top {
          grid-area: top; display: flex; align-items: center; gap: .75rem; padding: .7rem 1.2rem;
          background: var(--panel); border-bottom: 1px solid var(--line);
        }
        .status { font-size: .8rem; padding: .15rem .6rem; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); }
        .status::before { content: "\\25CF  "; color: var(--bad); }
        .status[data-state="open"]::before { color: var(--ok); }
        .status[data-state="connecting"]::before { color: var(--warn); }
        .login { grid-area: main; display: grid; place-content: center; gap: .5rem; padding: 2rem; }
        .login form { display: flex; flex-direction: column; gap: .6rem; width: min(320px, 80vw); }
        .hint { color: var(--muted); font-size: .85rem; max-width: 320px; }
        .chat { grid-area: main; display: grid; grid-template-columns: 220px 1fr; min-height: 0; }
        .chat[hidden], .login[hidden] { display: none; }
        .sidebar { padding: .5rem 1rem; border-right: 1px solid var(--line); background: var(--panel); overflow-y: auto; }
        .me { margin: .5rem 0; }
        .list { list-style: none; margin: 0; padding: 0; }
        .list li { padding: .3rem .5rem; border-radius: 6px; cursor: default; display: flex; justify-content: space-between; }
        #rooms li { cursor: pointer; }
        #rooms li:hover { background: var(--mine); }
        #rooms li.joined { font-weight: 600; }
        #rooms li.current { background: var(--accent); color: var(--accent-text); }
        #rooms li.unread::after { content: "\\2022"; color: var(--accent); }
        #users li.typing::after { content: "typing\\2026"; color: var(--muted); font-size: .8rem; }
        .count { color: var(--muted); font-size: .8rem; }
        .inline { display: flex; gap: .4rem; margin-top: .5rem; }
        .inline input { flex: 1; }
        .room { display: flex; flex-direction: column; min-height: 0; height: calc(100vh - 3.2rem); }
        .room-head { display: flex; align-items: center; justify-content: space-between; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
        .room-head h2 { font-size: 1rem; text-transform: none; letter-spacing: 0; color: var(--text); margin: 0; }
        .messages { flex: 1; overflow-y: auto; padding: .75rem 1rem; display: flex; flex-direction: column; gap: .3rem; }
        .line { padding: .3rem .6rem; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
        .line .time { color: var(--muted); font-size: .75rem; margin-right: .5rem; }
        .line .from { font-weight: 600; margin-right: .4rem; }
        .line.mine { background: var(--mine); }
        .line.action { font-style: italic; }
        .line.system { color: var(--muted); font-size: .85rem; }
        .line.pm { background: var(--pm); }
        .line.error { color: var(--bad); }
        .typing { min-height: 1.4rem; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
        .composer { display: flex; gap: .5rem; padding: .75rem 1rem; border-top: 1px solid var(--line); background: var(--panel); }
        .composer input { flex: 1; }
        .activity { grid-area: activity; padding: 0 1rem; border-left: 1px solid var(--line); background: var(--panel); overflow-y: auto; max-height: calc(100vh - 3.2rem); }
        .stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: .4rem; margin: 0; text-align: center; }
        .stats dt { font-size: .7rem; color: var(--muted); }
        .stats dd { margin: 0; font-weight: 600; }
        .feed { list-style: none; margin: .5rem 0; padding: 0; display: flex; flex-direction: column-reverse; gap: .3rem; font-size: .85rem; }
        .feed li { padding: .3rem .5rem; border-radius: 6px; background: var(--bg); overflow-wrap: anywhere; }
        .feed li[data-event="message"] { border-left: 3px solid var(--accent); }
        .feed .room-tag { color: var(--muted); margin-right: .3rem; }
        @media (max-width: 900px) {
          body { grid-template-columns: 1fr; grid-template-areas: "top" "main" "activity"; }
          .chat { grid-template-columns: 1fr; }
          .sidebar { border-right: 0; border-bottom: 1px solid var(--line); }
          .room, .activity { height: auto; max-height: none; }
          .messages { max-height: 55vh; }
        }

        """
}
