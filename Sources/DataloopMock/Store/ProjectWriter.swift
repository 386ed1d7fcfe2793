import GRDB

/// Creating a project always creates its `Binaries` system dataset with it (dtlpy waits for it
/// right after `projects.create`); the fixture loader, onboarding and the API all insert
/// projects through here.
public enum ProjectWriter {
    public static func insertProject(_ db: Database, _ project: ProjectRecord) throws {
        try project.insert(db)
        try DatasetRecord.binaries(of: project).insert(db)
    }
}
