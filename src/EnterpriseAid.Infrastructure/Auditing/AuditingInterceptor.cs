using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EnterpriseAid.Infrastructure.Auditing;

/// <summary>
/// Writes a Created, Updated or Deleted row to the audit log for every record a SaveChanges
/// changes, with the changed fields before → after.
/// </summary>
/// <remarks>
/// <para>
/// Atomicity: the audit rows are written in the same database transaction as the changes they
/// describe, after the changes (so new records have their ids) and before the commit.
/// SavingChanges collects the changes and, when no transaction is open, makes EF Core begin one
/// even for a single statement (<see cref="AutoTransactionBehavior.Always"/>). EF Core runs the
/// statements, reads back the generated ids, and is about to commit: TransactionCommitting inserts
/// the rows in that transaction. If the save fails, EF Core rolls its transaction back and no row
/// exists; if the insert fails, the commit never happens, EF Core rolls back and SaveChanges
/// throws with the entities still unsaved. When the caller has a transaction open, the rows are
/// inserted in it from SavedChanges and share its fate (a rolled-back save takes them with it).
/// </para>
/// <para>
/// The rows are inserted with one SQL statement on the save's own connection and transaction, not
/// by a nested SaveChanges, which would run this interceptor again inside the save.
/// </para>
/// <para>
/// A singleton shared by every pooled context (the pool builds its options once), so the state of
/// a save in progress is kept against the context instance.
/// </para>
/// </remarks>
public sealed class AuditingInterceptor(IAuditActorAccessor actors, TimeProvider clock) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Values never written to the log; only the fact that they changed.</summary>
    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser<long>.PasswordHash),
        nameof(IdentityUser<long>.SecurityStamp),
        nameof(IdentityUser<long>.ConcurrencyStamp),
        nameof(Api.ApiClient.KeyHash),
    };

    /// <summary>Upper-cased copies Identity keeps for lookups; logging them again is noise.</summary>
    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser<long>.NormalizedUserName),
        nameof(IdentityUser<long>.NormalizedEmail),
        nameof(IdentityRole<long>.NormalizedName),
    };

    /// <summary>
    /// Identity's tables of tokens, claims and external logins (internal; tokens are secrets), the
    /// Data Protection key ring, whose rows are keys, a problem's timeline (itself an append-only
    /// history of who did what; the problem's own changes are audited), the number counters and the
    /// escalation job's flags (derived from the deadline and the calendar; each rise is on the timeline).
    /// </summary>
    private static readonly HashSet<Type> NotAudited =
    [
        typeof(AuditEntry),
        typeof(Domain.Problems.ProblemEvent),
        typeof(Escalation.ProblemFlag),
        typeof(Calendar.ProblemNumberCounter),
        typeof(DataProtection.DataProtectionKeyRow),
        typeof(IdentityUserToken<long>),
        typeof(IdentityUserClaim<long>),
        typeof(IdentityUserLogin<long>),
        typeof(IdentityRoleClaim<long>),
        // Stored answers of API calls; the call itself is in the log (ApiCall).
        typeof(Api.ApiIdempotencyRecord),
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ConditionalWeakTable<DbContext, PendingSave> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context) Prepare(context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Prepare(context);
        return ValueTask.FromResult(result);
    }

    /// <summary>EF Core is about to commit the transaction it began for this save: the rows go in first.</summary>
    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending) && pending.AtCommit && !pending.Written)
        {
            using var command = InsertCommand(context.Database.GetDbConnection(), transaction, context, pending);
            command.ExecuteNonQuery();
            pending.Written = true;
        }
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending) && pending.AtCommit && !pending.Written)
        {
            await using var command = InsertCommand(context.Database.GetDbConnection(), transaction, context, pending);
            await command.ExecuteNonQueryAsync(cancellationToken);
            pending.Written = true;
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && Finish(context) is { Written: false } pending) WriteRows(context, pending);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Finish(context) is { Written: false } pending)
            await WriteRowsAsync(context, pending, cancellationToken);
        return result;
    }

    // EF Core rolls back its own transaction on every failure; all that is left is to forget the save.
    // A concurrency conflict is reported here and not through SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        if (!result.IsSuppressed && eventData.Context is { } context) Finish(context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (!result.IsSuppressed && eventData.Context is { } context) Finish(context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) Finish(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Finish(context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        if (eventData.Context is { } context) Finish(context);
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Finish(context);
        return Task.CompletedTask;
    }

    /// <summary>Collects what this save will change and makes sure it runs in a transaction.</summary>
    private void Prepare(DbContext context)
    {
        // A save that ended without any completion callback must not leave its rows to this one.
        Finish(context);

        // EF Core detects changes after the SavingChanges interceptors run; the diff needs them now.
        if (context.ChangeTracker.AutoDetectChangesEnabled) context.ChangeTracker.DetectChanges();

        var records = Collect(context);
        if (records.Count == 0) return;

        var database = context.Database;
        // Without a transaction of the caller's (or an ambient one, which EF Core enlists in),
        // EF Core must begin its own even for a single statement, so the rows can join it at commit.
        var atCommit = database.CurrentTransaction is null && System.Transactions.Transaction.Current is null;
        var pending = new PendingSave(records, actors.Current, clock.GetUtcNow(), atCommit, database.AutoTransactionBehavior);
        if (atCommit) database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        _pending.AddOrUpdate(context, pending);
    }

    /// <summary>Forgets the save in progress on this context, restoring what Prepare changed.</summary>
    private PendingSave? Finish(DbContext context)
    {
        if (!_pending.TryGetValue(context, out var pending)) return null;
        _pending.Remove(context);
        context.Database.AutoTransactionBehavior = pending.CallerTransactionBehavior;
        return pending;
    }

    private static List<PendingRecord> Collect(DbContext context)
    {
        var entries = context.ChangeTracker.Entries().ToList();
        var owned = OwnedEntriesByOwner(entries);

        var records = new List<PendingRecord>();
        foreach (var entry in entries)
        {
            var type = entry.Metadata;
            if (type.IsOwned() || !IsAudited(type)) continue;

            var ownerKey = OwnerKey(type, entry);
            var ownedGroups = ownerKey is not null && owned.TryGetValue(ownerKey, out var groups) ? groups : null;
            var hasOwnedChanges = ownedGroups is not null
                && ownedGroups.Values.Any(g => g.Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted));
            if (entry.State is EntityState.Unchanged or EntityState.Detached && !hasOwnedChanges) continue;

            var action = entry.State switch
            {
                EntityState.Added => AuditActions.Created,
                EntityState.Deleted => AuditActions.Deleted,
                _ => AuditActions.Updated,
            };
            var changes = new JsonObject();
            foreach (var property in entry.Properties) AddPropertyChange(changes, entry.State, property);
            // Complex values (a visit's 四个一口清) are columns of the record: one field per part.
            foreach (var complex in entry.ComplexProperties)
            {
                foreach (var property in complex.Properties)
                    AddPropertyChange(changes, entry.State, property, $"{complex.Metadata.Name}.{property.Metadata.Name}");
            }
            if (hasOwnedChanges) AddOwnedChanges(changes, entry, ownedGroups!, action);

            if (action == AuditActions.Updated && changes.Count == 0) continue;
            records.Add(new PendingRecord(entry, action, EntityTypeName(type),
                // Deleted rows leave the change tracker after the save; their key is taken now.
                action == AuditActions.Created ? null : KeyText(entry, original: action == AuditActions.Deleted),
                changes.Count == 0 ? null : changes.ToJsonString(Json)));
        }
        return records;
    }

    private static void AddPropertyChange(JsonObject changes, EntityState state, PropertyEntry property, string? name = null)
    {
        var p = property.Metadata;
        name ??= p.Name;
        // Row versions change on every save, and generated ids are the row's entity_id already.
        if (p.ValueGenerated == ValueGenerated.OnAddOrUpdate) return;
        if (p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never) return;
        if (Derived.Contains(p.Name)) return;

        var secret = Secrets.Contains(p.Name);
        switch (state)
        {
            // A new or removed record lists what it held; empty values and empty lists say nothing.
            case EntityState.Added when !IsEmpty(property.CurrentValue):
                changes[name] = secret ? Changed() : new JsonObject { ["to"] = ToJson(property.CurrentValue) };
                break;
            case EntityState.Deleted when !IsEmpty(property.OriginalValue):
                changes[name] = secret ? Changed() : new JsonObject { ["from"] = ToJson(property.OriginalValue) };
                break;
            case EntityState.Modified when property.IsModified
                                           && !p.GetValueComparer().Equals(property.OriginalValue, property.CurrentValue):
                changes[name] = secret
                    ? Changed()
                    : new JsonObject { ["from"] = ToJson(property.OriginalValue), ["to"] = ToJson(property.CurrentValue) };
                break;
        }
    }

    private static JsonObject Changed() => new() { ["changed"] = true };

    private static bool IsEmpty(object? value) => value is null or System.Collections.ICollection { Count: 0 };

    /// <summary>
    /// Owned types (such as an enterprise's contacts, stored as one jsonb column) are not records of
    /// their own: a change to any of them is one field of the owner, the whole value before → after.
    /// </summary>
    private static void AddOwnedChanges(JsonObject changes, EntityEntry owner,
        Dictionary<string, List<EntityEntry>> ownedByNavigation, string action)
    {
        foreach (var navigation in owner.Navigations.Where(n => n.Metadata.TargetEntityType.IsOwned()))
        {
            if (!ownedByNavigation.TryGetValue(navigation.Metadata.Name, out var ownedEntries)
                || !ownedEntries.Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;

            var before = OwnedValue(navigation.Metadata.IsCollection,
                ownedEntries.Where(e => e.State is not EntityState.Added).OrderBy(e => OrdinalOf(e)), original: true);
            var after = OwnedValue(navigation.Metadata.IsCollection, CurrentOwned(navigation, owner.Context), original: false);
            if (JsonNode.DeepEquals(before, after)) continue;

            var change = new JsonObject();
            if (action != AuditActions.Created) change["from"] = before;
            if (action != AuditActions.Deleted) change["to"] = after;
            changes[navigation.Metadata.Name] = change;
        }
    }

    private static IEnumerable<EntityEntry> CurrentOwned(NavigationEntry navigation, DbContext context) =>
        navigation.CurrentValue switch
        {
            null => [],
            System.Collections.IEnumerable items when navigation.Metadata.IsCollection =>
                items.Cast<object>().Select(context.Entry).Where(e => e.State is not EntityState.Deleted and not EntityState.Detached),
            { } item => [context.Entry(item)],
        };

    private static JsonNode? OwnedValue(bool collection, IEnumerable<EntityEntry> entries, bool original)
    {
        var items = entries.Select(e =>
        {
            var obj = new JsonObject();
            foreach (var property in e.Properties)
            {
                var p = property.Metadata;
                // Keys and the link to the owner are bookkeeping, not data.
                if (p.IsKey() || p.IsForeignKey() || p.IsShadowProperty()) continue;
                var value = original ? property.OriginalValue : property.CurrentValue;
                obj[p.Name] = Secrets.Contains(p.Name) ? Changed() : ToJson(value);
            }
            return (JsonNode)obj;
        }).ToList();
        if (collection) return new JsonArray([.. items]);
        return items.FirstOrDefault();
    }

    /// <summary>The position of an item of an owned collection (the last part of its key), as it was loaded.</summary>
    private static object? OrdinalOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey()?.Properties.LastOrDefault(p => !p.IsForeignKey());
        return key is null ? null : entry.Property(key.Name).OriginalValue;
    }

    /// <summary>Tracked owned entries, by owner ("type|key") and then by the owner's navigation.</summary>
    private static Dictionary<string, Dictionary<string, List<EntityEntry>>> OwnedEntriesByOwner(List<EntityEntry> entries)
    {
        var result = new Dictionary<string, Dictionary<string, List<EntityEntry>>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!entry.Metadata.IsOwned() || entry.State == EntityState.Detached) continue;
            if (entry.Metadata.FindOwnership() is not { PrincipalToDependent: { } navigation } ownership) continue;
            var owner = OwnedBy(entry, ownership);
            if (!result.TryGetValue(owner, out var byNavigation)) result[owner] = byNavigation = new(StringComparer.Ordinal);
            if (!byNavigation.TryGetValue(navigation.Name, out var list)) byNavigation[navigation.Name] = list = [];
            list.Add(entry);
        }
        return result;
    }

    private static string OwnedBy(EntityEntry owned, IForeignKey ownership)
    {
        var original = owned.State == EntityState.Deleted;
        var values = ownership.Properties.Select(p =>
        {
            var property = owned.Property(p.Name);
            return Convert.ToString(original ? property.OriginalValue : property.CurrentValue, CultureInfo.InvariantCulture);
        });
        return ownership.PrincipalEntityType.GetRootType().Name + "|" + string.Join("/", values);
    }

    private static string? OwnerKey(IEntityType type, EntityEntry entry)
    {
        var key = type.FindPrimaryKey();
        if (key is null) return null;
        var original = entry.State == EntityState.Deleted;
        var values = key.Properties.Select(p =>
        {
            var property = entry.Property(p.Name);
            return Convert.ToString(original ? property.OriginalValue : property.CurrentValue, CultureInfo.InvariantCulture);
        });
        return type.GetRootType().Name + "|" + string.Join("/", values);
    }

    private static bool IsAudited(IEntityType type) => !NotAudited.Contains(type.ClrType);

    private static string EntityTypeName(IEntityType type) => type.ClrType switch
    {
        var t when t == typeof(AppUser) => "User",
        var t when t == typeof(AppRole) => "Role",
        var t when t == typeof(IdentityUserRole<long>) => "UserRole",
        _ when type.HasSharedClrType => type.ShortName(),
        var t => t.Name,
    };

    /// <summary>The primary key as text; a composite key's parts joined by "/" (a user role: "userId/roleId").</summary>
    private static string? KeyText(EntityEntry entry, bool original)
    {
        var key = entry.Metadata.FindPrimaryKey();
        if (key is null) return null;
        var text = string.Join("/", key.Properties.Select(p =>
        {
            var property = entry.Property(p.Name);
            var value = original ? property.OriginalValue : property.CurrentValue;
            // A date key (a calendar day) reads as 2027-01-01, as it is written everywhere else, not 01/01/2027.
            return value is DateOnly date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture);
        }));
        return AuditEntry.Fit(text, AuditEntry.EntityIdMaxLength);
    }

    // File contents (bytea) are logged by size only: the log records that a file changed, not the file.
    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        byte[] bytes => JsonValue.Create($"{bytes.Length} bytes"),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Json),
    };

    private static void WriteRows(DbContext context, PendingSave pending)
    {
        // Open only without a transaction of EF Core's (an ambient TransactionScope), where EF Core
        // has already closed the connection it opened for the save.
        var open = context.Database.GetDbConnection().State == System.Data.ConnectionState.Open;
        if (!open) context.Database.OpenConnection();
        try
        {
            var database = context.Database;
            using var command = InsertCommand(database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), context, pending);
            command.ExecuteNonQuery();
        }
        finally
        {
            if (!open) context.Database.CloseConnection();
        }
    }

    private static async Task WriteRowsAsync(DbContext context, PendingSave pending, CancellationToken ct)
    {
        var open = context.Database.GetDbConnection().State == System.Data.ConnectionState.Open;
        if (!open) await context.Database.OpenConnectionAsync(ct);
        try
        {
            var database = context.Database;
            await using var command = InsertCommand(database.GetDbConnection(), database.CurrentTransaction?.GetDbTransaction(), context, pending);
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (!open) await context.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand InsertCommand(DbConnection connection, DbTransaction? transaction, DbContext context, PendingSave pending)
    {
        var rows = pending.Records;
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (context.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
        // One statement whatever the number of rows: each column travels as one array.
        command.CommandText = """
            INSERT INTO audit_log (occurred_at, user_id, user_name, ip_address, action, entity_type, entity_id, changes)
            SELECT @occurred_at, @user_id, @user_name, @ip_address, r.action, r.entity_type, r.entity_id, r.changes
            FROM unnest(@actions, @entity_types, @entity_ids, @changes) AS r(action, entity_type, entity_id, changes)
            """;
        var actor = pending.Actor;
        command.Parameters.Add(new NpgsqlParameter("occurred_at", NpgsqlDbType.TimestampTz) { Value = pending.At.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("user_id", NpgsqlDbType.Bigint) { Value = (object?)actor.UserId ?? DBNull.Value });
        command.Parameters.Add(Text("user_name", AuditEntry.Fit(actor.UserName, AuditEntry.UserNameMaxLength)));
        command.Parameters.Add(Text("ip_address", AuditEntry.Fit(actor.IpAddress, AuditEntry.IpAddressMaxLength)));
        command.Parameters.Add(TextArray("actions", rows.Select(r => (string?)r.Action)));
        command.Parameters.Add(TextArray("entity_types", rows.Select(r => (string?)AuditEntry.Fit(r.EntityType, AuditEntry.EntityTypeMaxLength))));
        command.Parameters.Add(TextArray("entity_ids", rows.Select(r =>
            r.EntityId ?? KeyText(r.Entry, original: false))));
        command.Parameters.Add(new NpgsqlParameter("changes", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
        {
            Value = rows.Select(r => r.Changes).ToArray(),
        });
        return command;
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Varchar) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = values.ToArray() };

    private sealed record PendingRecord(EntityEntry Entry, string Action, string EntityType, string? EntityId, string? Changes);

    private sealed record PendingSave(List<PendingRecord> Records, AuditActor Actor, DateTimeOffset At, bool AtCommit,
        AutoTransactionBehavior CallerTransactionBehavior)
    {
        public bool Written { get; set; }
    }
}
