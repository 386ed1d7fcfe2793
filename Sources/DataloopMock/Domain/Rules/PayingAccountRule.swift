/// The platform's "Set under [org] account": a project owned by org C may be billed to the
/// account of org P only when the caller is (1) an owner of the project and (2) an owner or
/// admin of org P. Setting it back to C's own account needs the same for C. The owning org
/// never changes; only the paying account does.
public enum PayingAccountRule {
    public static func check(callerProjectRole: ProjectRole?, callerRoleInPayingOrg: OrgRole?,
                             projectName: String, payingOrgName: String) throws(DomainError) {
        var missing: [String] = []
        if callerProjectRole != .owner { missing.append("an owner of project '\(projectName)'") }
        if !(callerRoleInPayingOrg?.managesOrg ?? false) {
            missing.append("an owner or admin of organization '\(payingOrgName)'")
        }
        guard missing.isEmpty else {
            throw .forbidden("setting the paying account of project '\(projectName)' to the account of '\(payingOrgName)' "
                + "requires the caller to be \(missing.joined(separator: " and ")), which the caller is not")
        }
    }
}
