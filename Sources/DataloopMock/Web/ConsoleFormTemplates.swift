/// The console's members, clients, onboarding and all-organizations pages (content only;
/// `ConsoleTemplates.layout` frames them). `{{x}}` escapes HTML.
extension ConsoleTemplates {
    static let members = chooseOrg + """
        {{#org}}<h1>Members of {{name}}</h1>{{/org}}
        {{#refused}}<p class="error" id="refused">{{refused}}</p>{{/refused}}
        {{^refused}}{{#org}}<section class="card" id="add-members"><h2>Add members</h2>
        {{^addProblem}}<form id="add-member-form" method="post" action="{{base}}/members"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="org" value="{{id}}"><label for="member-emails">Email (several: separate with commas)</label>
        <input id="member-emails" name="emails" value="{{emails}}" placeholder="name@example.com" required>
        <label for="member-role">Role</label><select id="member-role" name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/roles}}</select>
        <button id="add-member" type="submit">Add</button></form>{{/addProblem}}
        {{#addProblem}}<button id="add-member" type="button" disabled>Add</button><p class="reason" id="add-reason">{{addProblem}}</p>{{/addProblem}}
        </section>
        <table id="members"><thead><tr><th>Member</th><th>Role</th><th>Change role</th><th>Remove</th></tr></thead><tbody>
        {{#members}}<tr class="member" data-email="{{email}}"><td>{{email}} <span class="meta">{{name}}</span>{{#invited}} <span class="tag">invited</span>{{/invited}}</td>
        <td class="role">{{role}}</td>
        <td><form class="inline change-role" method="post" action="{{base}}/members/role"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="org" value="{{org.id}}"><input type="hidden" name="user" value="{{id}}">
        <select name="role" aria-label="New role for {{email}}">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/roles}}</select>
        <button type="submit" class="change">Change</button></form></td>
        <td><form class="inline remove" method="post" action="{{base}}/members/remove"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <input type="hidden" name="org" value="{{org.id}}"><input type="hidden" name="user" value="{{id}}">
        <button type="submit" class="remove">Remove</button></form></td></tr>{{/members}}
        </tbody></table>{{/org}}{{/refused}}
        """

    static let clients = chooseOrg + """
        {{#org}}<h1>Clients of {{name}}</h1>{{/org}}
        {{#refused}}<p class="error" id="refused">{{refused}}</p>{{/refused}}
        {{^refused}}{{#signupLink}}<p class="meta">A new client signs up, then onboards its own organization with this link:
        <a id="signup-link" href="{{signupLink}}">{{signupLink}}</a></p>{{/signupLink}}
        {{#noClients}}<p id="no-clients">{{org.name}} has no client organizations.</p>{{/noClients}}
        <div class="cards" id="clients">{{#clients}}<article class="card client" data-org="{{name}}"><h3>{{name}}</h3>
        <p class="meta"><span class="tag {{plan}}">{{plan}}</span> owner <span class="owners">{{owners}}</span></p></article>{{/clients}}</div>{{/refused}}
        """

    static let onboarding = """
        <h1>Create your organization</h1>
        {{#problem}}<button id="create-org" type="button" disabled>Create organization</button><p class="reason" id="refused">{{problem}}</p>{{/problem}}
        {{^problem}}<p>You belong to no organization yet. Create one: you become its owner and it becomes your active organization.</p>
        <form id="onboarding-form" class="card" method="post" action="{{base}}/onboarding"><input type="hidden" name="csrf_token" value="{{csrf}}">
        <label for="org-name">Organization name</label><input id="org-name" name="name" value="{{name}}" required maxlength="256">
        <label for="org-provider">Provider (optional: the labeling service provider you work with)</label>
        <select id="org-provider" name="provider"><option value="">— none —</option>{{#providers}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/providers}}</select>
        <button id="create-org" type="submit">Create organization</button></form>{{/problem}}
        """

    static let allOrgs = """
        <h1>All organizations</h1>
        {{^orgs}}<p id="no-orgs">{{email}} belongs to no organization yet.</p>{{/orgs}}
        {{#orgs}}
        <section class="org head" data-org="{{name}}">
          <h2>{{name}}</h2>
          <p class="meta"><span class="tag {{plan}}">{{plan}}</span>
          {{#provider}}client of <b class="provider">{{provider}}</b>{{/provider}}
          {{#hasClients}}provider for <b class="clients">{{clients}}</b>{{/hasClients}}</p>
          <p class="roles">Members: <span>{{members.total}} total</span><span>owner {{members.owner}}</span><span>admin {{members.admin}}</span><span>member {{members.member}}</span><span>worker {{members.worker}}</span></p>
          <p class="roles">Projects owned: <b class="owned">{{owned}}</b> · billed here from other orgs: <b class="billed-count">{{billed}}</b> · billed to other orgs: <b class="billed-elsewhere-count">{{billedElsewhere}}</b> · datasets {{datasets}} · tasks {{tasks}}</p>
          <table><thead><tr><th>Project</th><th>Owned by</th><th>Paying account</th><th>Contributors</th><th>Datasets</th><th>Tasks</th></tr></thead><tbody>
          {{#projects}}<tr class="project" data-project="{{name}}"><td>{{name}}{{#system}} <span class="tag">system</span>{{/system}}</td><td>{{owner}}</td>
          <td>{{payer}}{{#billedElsewhere}} <span class="tag billed" title="owned by {{owner}}, billed to {{payer}}">billed to another org</span>{{/billedElsewhere}}</td>
          <td>{{contributors}}</td><td>{{datasets}}</td><td>{{tasks}}</td></tr>{{/projects}}
          </tbody></table>
        </section>
        {{/orgs}}
        """
}
