import GRDB

/// Creating a project always creates its `Binaries` system dataset with it (dtlpy waits for it
/// right after `projects.create`); the fixture loader, onboarding and the API all insert
/// projects through here.
public enum ProjectWriter {
    public static func insertProject(_ db: Database, _ project: ProjectRecord) throws {
        let rows = rows(of: project)
        try rows.project.insert(db)
        try rows.binaries.insert(db)
    }

    /// The rows a new project is: itself and its `Binaries` dataset.
    static func rows(of project: ProjectRecord) -> (project: ProjectRecord, binaries: DatasetRecord) {
        (project, DatasetRecord.binaries(of: project))
    }
}
