/// The rules for adding, re-roling and removing organization members, one function per
/// decision. Owners may do anything; admins may manage everyone but owners, and may not make
/// owners; the last owner always stays (`checkOwnersRemain`, also used by the fixture validator).
public enum OrgMembershipRule {
    /// The roles an admin may neither grant nor take away.
    static let ownerOnly: Set<OrgRole> = [.owner]

    public static func checkAdd(actor: OrgRole?, isSuperuser: Bool, newRole: OrgRole, orgName: String) throws(DomainError) {
        if isSuperuser || actor == .owner { return }
        if actor == .admin {
            if ownerOnly.contains(newRole) { throw .forbidden("only an owner of organization '\(orgName)' can add members with role owner") }
            return
        }
        throw .forbidden("only an owner or admin of organization '\(orgName)' can add members")
    }

    /// Who may change a role. `current` is nil when the target is not a member: the caller
    /// still learns only what their own role allows (403 before 404).
    public static func checkChange(actor: OrgRole?, isSuperuser: Bool, from current: OrgRole?, to newRole: OrgRole,
                                   orgName: String) throws(DomainError) {
        if isSuperuser || actor == .owner { return }
        guard actor == .admin else {
            throw .forbidden("only an owner or admin of organization '\(orgName)' can change member roles")
        }
        if current.map(ownerOnly.contains) == true || ownerOnly.contains(newRole) {
            throw .forbidden("only an owner of organization '\(orgName)' can change a role to or from owner")
        }
    }

    /// Who may remove a member (`target` nil: not a member).
    public static func checkRemove(actor: OrgRole?, isSuperuser: Bool, target: OrgRole?, orgName: String) throws(DomainError) {
        if isSuperuser || actor == .owner { return }
        guard actor == .admin else {
            throw .forbidden("only an owner or admin of organization '\(orgName)' can remove members")
        }
        if target.map(ownerOnly.contains) == true { throw .forbidden("only an owner of organization '\(orgName)' can remove an owner") }
    }

    /// The last-owner rule: an org keeps at least one owner through every change (`current`
    /// → `new`, nil for a removal) and in every fixture (`current` nil: count the owners).
    public static func checkOwnersRemain(current: OrgRole?, new: OrgRole?, ownerCount: Int, orgName: String) throws(DomainError) {
        let losesOne = current == .owner && new != .owner
        guard ownerCount - (losesOne ? 1 : 0) < 1 else { return }
        switch (current, new) {
        case (.owner, nil):
            throw .conflict("the last owner of organization '\(orgName)' cannot be removed; make another member owner first")
        case (.owner, _):
            throw .conflict("the last owner of organization '\(orgName)' cannot be demoted; make another member owner first")
        default:
            throw .conflict("organization '\(orgName)' needs at least one member with role owner")
        }
    }
}

/// Who "the owner" of an organization is: the `owner` of the org and of its account. It is
/// the longest-standing member whose role is owner — the earliest membership, on a tie the
/// earlier place in the member list. Every promotion, demotion, removal and fixture load
/// derives it again (`OrgWriter.refreshOwner`); nothing else sets it.
public enum OrgOwnerRule {
    public static func owner(of members: [OrgMemberRecord]) -> String? {
        members.filter { $0.role == .owner }
            .min { ($0.createdAt, $0.position) < ($1.createdAt, $1.position) }?.userId
    }
}
