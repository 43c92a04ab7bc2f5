using EnterpriseAid.Domain.Problems;
using Npgsql;
using NpgsqlTypes;

namespace EnterpriseAid.Benchmarks.Generation;

// A problem's timeline (problem_events) as Problem.Record writes it: who, when, the summary line, status before → after.
public sealed partial class ProvinceGenerator
{
    private sealed class TimelineWriter(NpgsqlBinaryImporter importer) : IAsyncDisposable
    {
        public NpgsqlBinaryImporter Importer { get; } = importer;
        public long Count { get; private set; }

        public async Task WriteAsync(long problem, DateTime at, long actor, string actorName, ProblemEventKind kind, string summary,
            string? before, string? after, string? detail, CancellationToken ct)
        {
            await Importer.StartRowAsync(ct);
            await Importer.WriteAsync(++Count, NpgsqlDbType.Bigint, ct);
            await Importer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
            await Importer.WriteAsync(actor, NpgsqlDbType.Bigint, ct);
            await Importer.WriteAsync(actorName, NpgsqlDbType.Varchar, ct);
            await Importer.WriteAsync(kind.ToString(), NpgsqlDbType.Varchar, ct);
            await Importer.WriteAsync(summary, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(Importer, before, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(Importer, after, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(Importer, detail, NpgsqlDbType.Varchar, ct);
            await Importer.WriteAsync(problem, NpgsqlDbType.Bigint, ct);
        }

        public ValueTask DisposeAsync() => Importer.DisposeAsync();
    }

    private static string Zh(ProblemStatus status) => ProblemStatuses.Describe(status).NameZh;

    private async Task TimelineAsync(TimelineWriter t, long id, ProblemRow p, string source, long registeredBy, long enterprise, CancellationToken ct)
    {
        var registrar = _users[(int)registeredBy - 1].Name;
        var sourceName = Enum.TryParse<ProblemSource>(source, out var s) ? ProblemSources.Describe(s).NameZh : source;
        await t.WriteAsync(id, p.Created, registeredBy, registrar, ProblemEventKind.Registered, $"{registrar}登记问题（来源：{sourceName}）",
            null, Zh(ProblemStatus.Reported), null, ct);
        if (p.OnSpot)
            await t.WriteAsync(id, p.Created, registeredBy, registrar, ProblemEventKind.SolvedOnSpot, $"{registrar}现场解决",
                Zh(ProblemStatus.Reported), Zh(ProblemStatus.Resolved), p.Resolution, ct);
        var district = _districtOfTown[_townOfEnterprise[enterprise]];
        var dispatcher = _dispatcherOfDistrict[district];
        var dispatcherName = _users[(int)dispatcher - 1].Name;
        if (p.Dispatched is { } dispatched && p.Lead is { } lead)
        {
            var department = _units[(int)lead].Name;
            var handler = _handlerOfDepartment[lead];
            var handlerName = _users[(int)handler - 1].Name;
            await t.WriteAsync(id, dispatched, dispatcher, dispatcherName, ProblemEventKind.Dispatched, $"{dispatcherName}交办{department}牵头办理",
                Zh(ProblemStatus.Reported), $"{Zh(ProblemStatus.Assigned)}；牵头：{department}", null, ct);
            if (p.Status == ProblemStatus.Reported)
                await t.WriteAsync(id, Min(dispatched + TimeSpan.FromHours(4), _now), handler, handlerName, ProblemEventKind.Returned,
                    $"{handlerName}（{department}）退回，待活动办改派", Zh(ProblemStatus.Assigned), Zh(ProblemStatus.Reported), "不属于本单位职责", ct);
            if (p.Accepted is { } accepted)
                await t.WriteAsync(id, accepted, handler, handlerName, ProblemEventKind.Accepted, $"{handlerName}（{department}）签收",
                    Zh(ProblemStatus.Assigned), Zh(ProblemStatus.InProgress), null, ct);
            if (p.PendingAt is { } asked && p.PendingExtension is { } until)
                await t.WriteAsync(id, asked, handler, handlerName, ProblemEventKind.ExtensionRequested,
                    $"{handlerName}（{department}）申请延期至{until:yyyy-MM-dd}", null, null, "材料补正需要时间", ct);
            if (p.Resolved is { } resolved)
                await t.WriteAsync(id, resolved, handler, handlerName, ProblemEventKind.Resolved, $"{handlerName}（{department}）办结",
                    Zh(ProblemStatus.InProgress), Zh(ProblemStatus.Resolved), p.Resolution, ct);
        }
        if (p.Rated is { } rated && p.Satisfaction is { } rating)
        {
            var rater = _accountOfEnterprise.GetValueOrDefault(enterprise, registeredBy);
            var raterName = _users[(int)rater - 1].Name;
            var name = Satisfactions.Describe(rating).NameZh;
            await t.WriteAsync(id, rated, rater, raterName, ProblemEventKind.Rated, $"{raterName}评价：{name}", "待评价", name, null, ct);
        }
        if (p.Closed is { } closed)
            await t.WriteAsync(id, closed, dispatcher, dispatcherName, ProblemEventKind.Closed, $"{dispatcherName}销号",
                Zh(ProblemStatus.Resolved), Zh(ProblemStatus.Closed), null, ct);
    }
}
