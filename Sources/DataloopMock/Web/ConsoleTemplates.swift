/// The console's pages as Mustache templates: a frame with the left-side menu (`layout`) and
/// each page's content, rendered first and placed in the frame as `{{{content}}}` (already
/// escaped). Every value shown goes through `{{x}}`, which escapes HTML. No external assets;
/// the only script is the org dropdown submitting itself on change (its button works without).
enum ConsoleTemplates {
    static let style = """
        <style>
        .console{display:flex;min-height:100vh} nav.side{width:240px;flex:none;background:#1d2330;color:#e8ecf5;padding:16px;box-sizing:border-box}
        nav.side a{color:#cfe0ff;text-decoration:none} nav.side .brand{font-size:17px;margin-bottom:10px}
        nav.side .who{font-size:13px;margin:0 0 14px;word-break:break-all} nav.side label{font-size:12px;text-transform:uppercase;color:#9aa6bf}
        nav.side select{border-radius:6px} nav.side button{margin-top:6px;padding:4px 10px}
        ul.nav{list-style:none;padding:0;margin:18px 0} ul.nav a{display:block;padding:7px 10px;border-radius:6px}
        ul.nav a[aria-current]{background:#34405a;color:#fff;font-weight:600}
        main.content{flex:1;padding:20px 28px;max-width:1100px} h1{margin:0 0 6px}
        .flash{padding:10px 14px;border-radius:6px;background:#e3f4e6;border:1px solid #9ed3a8;margin:0 0 16px}
        .flash.error{background:#fde8e8;border-color:#f1a7a7;color:#8a1010;font-weight:600}
        .head{position:relative;background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:16px 20px;margin:0 0 16px}
        .stats{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0} .stat{background:#f6f7f9;border:1px solid #dde1e8;border-radius:8px;padding:8px 14px;min-width:120px;font-size:13px}
        .stat b{display:block;font-size:22px}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px;margin:10px 0 20px}
        .card{position:relative;background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:14px 16px}
        .card h3{margin:0 0 8px;font-size:16px;padding-right:40px} dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:6px 0} dt{color:#5a6375} dd{margin:0}
        details.menu{position:absolute;top:12px;right:12px} details.menu summary{list-style:none;cursor:pointer;padding:0 10px;border:1px solid #dde1e8;border-radius:6px;background:#fff;font-weight:700;font-size:18px}
        details.menu summary::-webkit-details-marker{display:none}
        .menu-items{position:absolute;right:0;top:34px;width:320px;background:#fff;border:1px solid #dde1e8;border-radius:8px;box-shadow:0 8px 22px rgba(0,0,0,.14);padding:10px 14px;z-index:5}
        .menu-items button{margin-top:8px} .reason{color:#8a1010;font-size:13px;margin:4px 0 8px} button:disabled{opacity:.55;cursor:not-allowed}
        form.inline{display:inline} form.inline select{width:auto} form.inline button{margin:0 0 0 6px;padding:4px 10px}
        </style>
        """

    static let layout = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>dataloop-mock — {{title}}</title>{{{style}}}</head><body>
        <div class="console"><nav class="side" aria-label="Console">
        <div class="brand"><strong>dataloop-mock</strong></div>
        {{#user}}<div class="who">Signed in as <b id="who">{{email}}</b>{{#superuser}} (superuser){{/superuser}}<br>{{name}}</div>{{/user}}
        {{#hasOrgs}}<form id="org-switch" method="post" action="{{base}}/active-org"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="return" value="{{current}}"><label for="active-org">Active organization</label>
        <select id="active-org" name="org" onchange="this.form.submit()">{{#noActive}}<option value="" selected>— choose —</option>{{/noActive}}{{#orgs}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}} ({{role}})</option>{{/orgs}}</select>
        <button id="switch-org" type="submit">Switch</button></form>{{/hasOrgs}}
        {{#onboarding}}<p>You belong to no organization. <a id="nav-onboarding" href="{{onboarding}}">Create one</a></p>{{/onboarding}}
        <ul class="nav">{{#nav}}<li><a id="nav-{{id}}" href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}</ul>
        <p><a href="{{base}}/logout">log out</a></p></nav>
        <main class="content">{{#flash}}<p id="flash" class="flash{{#isError}} error{{/isError}}" role="status">{{message}}</p>{{/flash}}
        {{{content}}}</main></div></body></html>
        """

    static let welcome = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>dataloop-mock — console</title>{{{style}}}</head><body>
        <header><strong>dataloop-mock</strong><span><a href="{{base}}/login">Log in</a> to open the console</span></header>
        <main><p>Pick a fixture user on the <a href="{{base}}/login">login page</a> to see the organization screens.
        The API is at <code>{{base}}/api/v1</code>; test control at <code>/_mock</code>.</p></main></body></html>
        """

    static let chooseOrg = """
        {{#chooseOrg}}<p id="choose-org">Choose your active organization in the menu.</p>{{/chooseOrg}}
        """

    /// One project card; its ellipsis menu holds the paying-account actions, each either a
    /// form or a disabled button with the rule's reason.
    static let card = """
        <article class="card project" data-project="{{name}}"><h3>{{name}}{{#system}} <span class="tag">system</span>{{/system}}</h3>
        {{#hasActions}}<details class="menu"><summary aria-label="Actions for {{name}}">⋯</summary><div class="menu-items">
        {{#actions}}{{#allowed}}<form method="post" action="{{base}}/projects/account"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="project" value="{{id}}"><input type="hidden" name="account" value="{{accountId}}">
        <button type="submit" class="action" data-target="{{targetName}}">{{label}}</button></form>{{/allowed}}
        {{^allowed}}<button type="button" class="action" data-target="{{targetName}}" disabled>{{label}}</button><p class="reason">{{problem}}</p>{{/allowed}}{{/actions}}
        </div></details>{{/hasActions}}
        <dl><dt>Owned by</dt><dd class="owner">{{owner}}</dd><dt>Paying account</dt><dd class="payer">{{payer}}</dd></dl>
        {{#billedElsewhere}}<span class="tag billed" title="owned by {{owner}}, billed to {{payer}}">billed to another org</span>{{/billedElsewhere}}
        <p class="meta">your role: <span class="role">{{role}}</span> · {{contributors}} contributors · {{datasets}} datasets · {{tasks}} tasks</p></article>
        """

    static let overview = chooseOrg + """
        {{#refused}}<h1>{{activeName}}</h1><p class="error" id="refused">{{refused}}</p>{{/refused}}
        {{#org}}<section class="head" data-org="{{name}}"><h1 id="org-name">{{name}}</h1>
        <details class="menu" id="org-menu"{{#renameOpen}} open{{/renameOpen}}><summary id="org-menu-button" aria-label="Organization actions">⋯</summary><div class="menu-items">
        {{^renameProblem}}<form id="rename-form" method="post" action="{{base}}/org/name"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="org" value="{{id}}"><label for="rename-name">New name</label>
        <input id="rename-name" name="name" value="{{renameValue}}" required maxlength="256"><button id="rename" type="submit">Rename Org</button></form>{{/renameProblem}}
        {{#renameProblem}}<button id="rename" type="button" disabled>Rename Org</button><p class="reason" id="rename-reason">{{renameProblem}}</p>{{/renameProblem}}
        </div></details>
        <p class="meta"><span class="tag {{plan}}" id="plan">{{plan}}</span>
        {{#provider}}client of <b id="provider">{{provider}}</b> · {{/provider}}
        clients: {{#clients}}<b id="clients">{{clients}}</b>{{/clients}}{{#clientsProblem}}<span class="reason" id="clients-reason">{{clientsProblem}}</span>{{/clientsProblem}}</p>
        <div class="stats"><div class="stat"><b id="owned">{{owned}}</b>projects owned</div><div class="stat"><b id="billed">{{billed}}</b>billed here from other orgs</div><div class="stat"><b id="billed-elsewhere">{{billedElsewhere}}</b>owned here, billed to other orgs</div>
        <div class="stat"><b id="datasets">{{datasets}}</b>datasets</div><div class="stat"><b id="tasks">{{tasks}}</b>tasks</div></div>
        <p class="roles" id="members-by-role">Members: <span>{{members.total}} total</span> <span>owner {{members.owner}}</span> <span>admin {{members.admin}}</span> <span>member {{members.member}}</span> <span>worker {{members.worker}}</span></p>
        </section>
        <h2>Projects owned by or billed to {{name}}</h2>{{/org}}
        <div class="cards" id="projects">{{#projects}}
        """ + card + "{{/projects}}</div>"

    static let projects = """
        <h1>Projects</h1>
        <section class="card" id="new-project"><h2>New project</h2>
        {{#active}}<p id="new-project-org">This project will be created in <b id="new-project-org-name">{{name}}</b> — switch org first if that is wrong.</p>{{/active}}
        {{^createProblem}}<form id="create-project-form" method="post" action="{{base}}/projects"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="org" value="{{active.id}}"><label for="project-name">Project name</label>
        <input id="project-name" name="name" value="{{newName}}" required maxlength="256"><button id="create-project" type="submit">Create project</button></form>{{/createProblem}}
        {{#createProblem}}<button id="create-project" type="button" disabled>Create project</button><p class="reason" id="create-reason">{{createProblem}}</p>{{/createProblem}}
        </section>
        {{#active}}<h2>In {{name}}</h2>{{/active}}<div class="cards" id="active-projects">{{#ofActive}}
        """ + card + """
        {{/ofActive}}</div>
        {{#hasElsewhere}}<h2>Your projects in other organizations</h2><div class="cards" id="other-projects">{{#elsewhere}}
        """ + card + "{{/elsewhere}}</div>{{/hasElsewhere}}"
}
