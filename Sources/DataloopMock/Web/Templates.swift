/// The HTML pages, as Mustache templates compiled into the binary: no external assets, and
/// readable without JavaScript. `{{x}}` escapes HTML; nothing user-controlled uses `{{{x}}}`.
enum Templates {
    static let layoutStyle = """
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
        header{background:#1d2330;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
        header a{color:#9cc3ff} main{padding:20px 24px;max-width:1100px}
        .org{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:16px 20px;margin:0 0 18px}
        .org h2{margin:0 0 4px} .meta{color:#5a6375;margin:0 0 10px}
        .tag{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;background:#e8edf6;margin-right:6px}
        .premium{background:#ffe9b3} .billed{background:#ffd6d6;color:#7a1010;font-weight:600}
        table{border-collapse:collapse;width:100%;margin-top:8px} th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef0f4}
        th{font-size:12px;text-transform:uppercase;color:#5a6375} .roles span{margin-right:14px}
        form.login{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:20px;max-width:380px}
        label{display:block;margin:10px 0 4px} select,input{width:100%;padding:7px;box-sizing:border-box}
        button{margin-top:14px;padding:8px 16px} .error{color:#b00020;font-weight:600}
        </style>
        """

    static let login = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>dataloop-mock — log in</title>
        {{{style}}}</head><body><header><strong>dataloop-mock</strong><a href="{{base}}/">console</a></header><main>
        <form class="login" method="post" action="{{action}}">
          <h2>Log in</h2>
          {{#error}}<p class="error" id="error">{{error}}</p>{{/error}}
          {{#callback}}<p class="meta">After login you return to <code>{{callback}}</code>.</p>{{/callback}}
          <input type="hidden" name="callback" value="{{callback}}">
          <label for="email">User</label>
          <select id="email" name="email">{{#users}}<option value="{{email}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/users}}</select>
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password">
          <button type="submit" id="submit">Log in</button>
        </form></main></body></html>
        """
}
