/// The rules for adding, re-roling and removing organization members.
/// Owners may do anything; admins may manage everyone but owners, and may not make owners;
/// the last owner always stays.
public enum OrgMembershipRule {
    public static func checkAdd(actor: OrgRole?, isSuperuser: Bool, newRole: OrgRole, orgName: String) throws(DomainError) {
        if isSuperuser || actor == .owner { return }
        if actor == .admin {
            if newRole == .owner { throw .forbidden("only an owner of organization '\(orgName)' can add members with role owner") }
            return
        }
        throw .forbidden("only an owner or admin of organization '\(orgName)' can add members")
    }

    public static func checkChange(actor: OrgRole?, isSuperuser: Bool, from current: OrgRole, to newRole: OrgRole,
                                   ownerCount: Int, orgName: String) throws(DomainError) {
        if !(isSuperuser || actor == .owner) {
            guard actor == .admin else {
                throw .forbidden("only an owner or admin of organization '\(orgName)' can change member roles")
            }
            if current == .owner || newRole == .owner {
                throw .forbidden("only an owner of organization '\(orgName)' can change a role to or from owner")
            }
        }
        if current == .owner && newRole != .owner && ownerCount <= 1 {
            throw .conflict("the last owner of organization '\(orgName)' cannot be demoted; make another member owner first")
        }
    }

    public static func checkRemove(actor: OrgRole?, isSuperuser: Bool, target: OrgRole, ownerCount: Int,
                                   orgName: String) throws(DomainError) {
        if !(isSuperuser || actor == .owner) {
            guard actor == .admin else {
                throw .forbidden("only an owner or admin of organization '\(orgName)' can remove members")
            }
            if target == .owner { throw .forbidden("only an owner of organization '\(orgName)' can remove an owner") }
        }
        if target == .owner && ownerCount <= 1 {
            throw .conflict("the last owner of organization '\(orgName)' cannot be removed; make another member owner first")
        }
    }
}
