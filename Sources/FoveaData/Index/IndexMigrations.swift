import GRDB

/// The dataset index's schema, one migration per change; never edit a migration that has shipped, add one.
enum IndexMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: images, quarantine, settings") { db in
            try db.create(table: IndexedImage.databaseTableName) { table in
                table.primaryKey("path", .text)
                table.column("bytes", .integer).notNull()
                table.column("modified", .integer).notNull()
                table.column("sha256", .text).indexed()
                table.column("format", .text)
                table.column("width", .integer)
                table.column("height", .integer)
                table.column("bands", .integer)
                table.column("hasAlpha", .boolean)
                table.column("isGray", .boolean)
                table.column("perceptualHashBits", .integer)
                table.column("error", .text)
                table.column("errorMessage", .text)
                table.column("label", .text).indexed()
                table.column("split", .text)
                table.column("splitFromFolder", .boolean).notNull().defaults(to: false)
                table.column("problems", .text).notNull().defaults(to: "")
            }
            try db.create(table: QuarantinedFile.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("path", .text).notNull()
                table.column("destination", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("sha256", .text)
                table.column("movedAt", .text).notNull()
            }
            // Settings of the index itself, such as the version of the examination that filled its rows.
            try db.create(table: "setting") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        // `fovea clean`: every edit made in its page, kept until applied (undone ones too, as history).
        migrator.registerMigration("v2: cleaning edits") { db in
            try db.create(table: CleaningEdit.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("path", .text).notNull().indexed()
                table.column("action", .text).notNull()
                table.column("label", .text)
                table.column("madeAt", .text).notNull()
                table.column("undone", .boolean).notNull().defaults(to: false)
                table.column("appliedAt", .text)
                table.column("outcome", .text)
            }
        }
        return migrator
    }
}
