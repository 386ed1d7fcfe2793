/// Datasets, as far as they belong to project ownership: who may see, create and delete them,
/// and the names a project's datasets may have.
public enum DatasetAccessRule {
    /// Project owners and engineers (the platform's "owner or developer") create and delete
    /// datasets; everyone who may see the project sees its datasets (`ProjectAccessRule.canView`).
    public static func checkManage(projectRole: ProjectRole?, projectName: String, action: String) throws(DomainError) {
        guard projectRole == .owner || projectRole == .engineer else {
            throw .forbidden("only an owner or engineer of project '\(projectName)' can \(action)")
        }
    }

    public static func checkDelete(_ dataset: DatasetRecord, projectRole: ProjectRole?, projectName: String) throws(DomainError) {
        if dataset.systemDataset {
            throw .forbidden("dataset '\(dataset.name)' is the system dataset of project '\(projectName)' and cannot be deleted")
        }
        try checkManage(projectRole: projectRole, projectName: projectName, action: "delete its datasets")
    }
}

/// A project has at most one dataset by a name, ignoring case; `Binaries` is its system dataset's.
public enum DatasetNameRule {
    public static func checkUnique(_ name: String, projectAlreadyHasIt: Bool, projectName: String) throws(DomainError) {
        if projectAlreadyHasIt {
            throw .badRequest("Failed to create dataset: project '\(projectName)' already has a dataset named '\(name)' (dataset names are unique per project, ignoring case)")
        }
    }
}

extension NameRule {
    /// Dataset names are free text without control characters, as integration names.
    public static let dataset = NameRule(subject: "a dataset name", punctuation: nil)
}
