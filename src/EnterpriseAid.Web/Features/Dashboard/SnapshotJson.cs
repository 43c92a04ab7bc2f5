using System.Text.Json;
using System.Text.Json.Serialization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>
/// How snapshots are stored: figure records as plain arrays of their counts (a breakdown by official at province scale has
/// thousands of rows, and reading it back must stay within the dashboard's time), everything else as ordinary JSON.
/// </summary>
public static class SnapshotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new ProblemFiguresConverter(), new VisitFiguresConverter() },
    };

    private sealed class ProblemFiguresConverter : JsonConverter<ProblemFigures>
    {
        public override ProblemFigures Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var n = Counts(ref reader, 9);
            return new ProblemFigures(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]);
        }

        public override void Write(Utf8JsonWriter writer, ProblemFigures value, JsonSerializerOptions options) =>
            WriteCounts(writer, value.Total, value.SolvedOnSpot, value.Dispatched, value.Resolved, value.Overdue,
                value.ResolvedWithDeadline, value.ResolvedByDeadline, value.Rated, value.Satisfied);
    }

    private sealed class VisitFiguresConverter : JsonConverter<VisitFigures>
    {
        public override VisitFigures Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var n = Counts(ref reader, 3);
            return new VisitFigures(n[0], n[1], n[2]);
        }

        public override void Write(Utf8JsonWriter writer, VisitFigures value, JsonSerializerOptions options) =>
            WriteCounts(writer, value.EnterpriseVisits, value.Symposia, value.EnterprisesCovered);
    }

    private static int[] Counts(ref Utf8JsonReader reader, int length)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A figure snapshot is an array of counts.");
        var counts = new int[length];
        var i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (i == length) throw new JsonException("A figure snapshot has too many counts.");
            counts[i++] = reader.GetInt32();
        }
        if (i != length) throw new JsonException("A figure snapshot has too few counts.");
        return counts;
    }

    private static void WriteCounts(Utf8JsonWriter writer, params ReadOnlySpan<int> counts)
    {
        writer.WriteStartArray();
        foreach (var c in counts) writer.WriteNumberValue(c);
        writer.WriteEndArray();
    }
}
