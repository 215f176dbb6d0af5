namespace Canic.Fsm.Orchestration.Store;

/// <summary>
/// The ordered migrations. Enum columns hold names (TEXT) without CHECK constraints, so that a new state needs no
/// table rebuild; the reader refuses unknown names instead. Budget figures do carry CHECKs: they are the last line of
/// defence of the accounting invariant. Tables keyed by text are WITHOUT ROWID and indexes are few, because the pages
/// a commit touches set the write pace (each page goes to the WAL and, later, through a checkpoint).
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "pool, attempts, creations, registry, scaling workers, budgets, reservations", """
            CREATE TABLE pool_entries (
                pid          TEXT    NOT NULL PRIMARY KEY,
                created_at   INTEGER NOT NULL,
                cycles       INTEGER NOT NULL,
                status       TEXT    NOT NULL,
                reason       TEXT,
                operation_id TEXT,
                role         TEXT,
                parent       TEXT,
                module_hash  TEXT,
                updated_at   INTEGER NOT NULL);
            CREATE INDEX pool_entries_by_status_age ON pool_entries (status, created_at, pid);
            CREATE INDEX pool_entries_by_age ON pool_entries (created_at, pid);
            CREATE UNIQUE INDEX pool_entries_by_operation ON pool_entries (operation_id) WHERE operation_id IS NOT NULL;

            CREATE TABLE provisioning_attempts (
                id                TEXT    NOT NULL PRIMARY KEY,
                role              TEXT    NOT NULL,
                parent            TEXT,
                state             TEXT    NOT NULL,
                pid               TEXT,
                allocation_source TEXT,
                module_hash       TEXT,
                reservation_id    INTEGER,
                creation_id       TEXT,
                failure_reason    TEXT,
                created_at        INTEGER NOT NULL,
                updated_at        INTEGER NOT NULL,
                version           INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX provisioning_attempts_active ON provisioning_attempts (created_at, id)
                WHERE state NOT IN ('Committed', 'Failed');

            CREATE TABLE attempt_transitions (
                attempt_id TEXT    NOT NULL REFERENCES provisioning_attempts (id),
                seq        INTEGER NOT NULL,
                from_state TEXT,
                to_state   TEXT    NOT NULL,
                reason     TEXT,
                at         INTEGER NOT NULL,
                PRIMARY KEY (attempt_id, seq)) WITHOUT ROWID;

            CREATE TABLE creation_records (
                id              TEXT    NOT NULL PRIMARY KEY,
                purpose         TEXT    NOT NULL,
                attempt_id      TEXT,
                method          TEXT    NOT NULL,
                created_at_time INTEGER NOT NULL,
                amount          INTEGER NOT NULL,
                state           TEXT    NOT NULL,
                canister_id     TEXT,
                error           TEXT,
                created_at      INTEGER NOT NULL,
                updated_at      INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX creation_records_intents ON creation_records (created_at, id) WHERE state = 'Intent';

            CREATE TABLE registry (
                pid         TEXT    NOT NULL PRIMARY KEY,
                role        TEXT    NOT NULL,
                parent      TEXT,
                module_hash TEXT    NOT NULL,
                status      TEXT    NOT NULL,
                attempt_id  TEXT    NOT NULL,
                created_at  INTEGER NOT NULL);
            CREATE INDEX registry_by_role ON registry (role);

            CREATE TABLE scaling_workers (
                pool       TEXT    NOT NULL,
                seq        INTEGER NOT NULL,
                pid        TEXT,
                attempt_id TEXT    NOT NULL UNIQUE,
                status     TEXT    NOT NULL,
                is_current INTEGER NOT NULL,
                PRIMARY KEY (pool, seq)) WITHOUT ROWID;

            CREATE TABLE cycles_budgets (
                id    TEXT    NOT NULL PRIMARY KEY,
                total INTEGER NOT NULL CHECK (total >= 0),
                free  INTEGER NOT NULL CHECK (free >= 0 AND free <= total),
                spent INTEGER NOT NULL CHECK (spent >= 0 AND spent <= total));

            CREATE TABLE reservations (
                id         INTEGER NOT NULL PRIMARY KEY,
                budget_id  TEXT    NOT NULL REFERENCES cycles_budgets (id),
                attempt_id TEXT    NOT NULL,
                amount     INTEGER NOT NULL CHECK (amount > 0),
                status     TEXT    NOT NULL,
                spent      INTEGER CHECK (spent >= 0 AND spent <= amount),
                created_at INTEGER NOT NULL);
            CREATE INDEX reservations_open ON reservations (budget_id) WHERE status = 'Open';
            """),
        // Two attempt states were declared but never written (ControllersSet: the controllers are set within Allocated;
        // Installed: the install is committed within Installing). A row holding either is resumed as before.
        new(2, "attempt states ControllersSet and Installed folded into Allocated and Installing", """
            UPDATE provisioning_attempts SET state = 'Allocated' WHERE state = 'ControllersSet';
            UPDATE provisioning_attempts SET state = 'Installing' WHERE state = 'Installed';
            UPDATE attempt_transitions SET from_state = 'Allocated' WHERE from_state = 'ControllersSet';
            UPDATE attempt_transitions SET from_state = 'Installing' WHERE from_state = 'Installed';
            UPDATE attempt_transitions SET to_state = 'Allocated' WHERE to_state = 'ControllersSet';
            UPDATE attempt_transitions SET to_state = 'Installing' WHERE to_state = 'Installed';
            """),
    ];

    public static int Latest => All[^1].Version;
}
