import GRDB

/// The registry's schema, one migration per change; never edit a migration that has shipped, add one.
enum RegistryMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, epochs, artifacts") { db in
            try db.create(table: RegisteredRun.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("name", .text).notNull().indexed()
                table.column("architecture", .text).notNull()
                table.column("data", .text).notNull()
                table.column("datasetFingerprint", .text)
                table.column("configuration", .text).notNull()
                table.column("status", .text).notNull()
                table.column("stopReason", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("finishedAt", .datetime)
                table.column("wallSeconds", .double)
                table.column("epochs", .integer).notNull()
                table.column("plannedEpochs", .integer).notNull()
                table.column("bestValidationAccuracy", .double)
                table.column("bestValidationLoss", .double)
                table.column("finalValidationAccuracy", .double)
                table.column("finalValidationLoss", .double)
                table.column("testAccuracy", .double)
                table.column("testLoss", .double)
            }
            try db.create(table: RegisteredEpoch.databaseTableName) { table in
                table.column("runId", .text).notNull().references(RegisteredRun.databaseTableName, onDelete: .cascade)
                table.column("epoch", .integer).notNull()
                table.column("trainLoss", .double).notNull()
                table.column("trainAccuracy", .double).notNull()
                table.column("validationLoss", .double)
                table.column("validationAccuracy", .double)
                table.column("learningRate", .double).notNull()
                table.column("seconds", .double).notNull()
                table.primaryKey(["runId", "epoch"])
            }
            try db.create(table: RegisteredArtifact.databaseTableName) { table in
                table.column("runId", .text).notNull().references(RegisteredRun.databaseTableName, onDelete: .cascade)
                table.column("kind", .text).notNull()
                table.column("path", .text).notNull()
                table.column("bytes", .integer).notNull()
                table.primaryKey(["runId", "kind"])
            }
        }
        return migrator
    }
}
