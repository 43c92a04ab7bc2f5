using System.Text;
using EnterpriseAid.Infrastructure.Export;

namespace EnterpriseAid.UnitTests.Infrastructure.Export;

public sealed class CsvWriterTests
{
    private static async Task<byte[]> WriteAsync(IReadOnlyList<string> headers, params object?[][] rows)
    {
        var output = new ResponseLikeStream();
        var csv = CsvWriter.Create(output, headers);
        foreach (var row in rows) await csv.WriteRowAsync(row);
        await csv.CompleteAsync();
        return output.Received.ToArray();
    }

    [Fact]
    public async Task The_file_starts_with_a_UTF8_byte_order_mark_so_Excel_reads_Chinese()
    {
        var bytes = await WriteAsync(["企业名称"], ["城关精工"]);

        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).ShouldBe("企业名称\r\n城关精工\r\n");
    }

    [Fact]
    public async Task Fields_are_quoted_per_RFC_4180_and_formulas_neutralised()
    {
        var bytes = await WriteAsync(["a", "b", "c", "d", "e"],
            ["含,逗号", "含\"引号\"", "两行\n文字", "=1+2", null],
            [new DateOnly(2026, 12, 7), 12.5m, -3, new DateTimeOffset(2026, 12, 7, 9, 5, 0, TimeSpan.FromHours(8)), "@x,y"]);

        Encoding.UTF8.GetString(bytes)[1..].ShouldBe(
            "a,b,c,d,e\r\n" +
            "\"含,逗号\",\"含\"\"引号\"\"\",\"两行\n文字\",'=1+2,\r\n" +
            "2026-12-07,12.5,-3,2026-12-07 09:05:00,\"'@x,y\"\r\n");
    }

    [Fact]
    public async Task A_short_row_is_padded_and_a_long_one_refused()
    {
        var bytes = await WriteAsync(["a", "b", "c"], ["1"]);
        Encoding.UTF8.GetString(bytes)[1..].ShouldEndWith("\r\n1,,\r\n");

        var csv = CsvWriter.Create(new ResponseLikeStream(), ["a"]);
        await Should.ThrowAsync<ArgumentException>(async () => await csv.WriteRowAsync(["1", "2"]));
    }

    [Fact]
    public async Task Many_rows_are_drained_to_the_output_as_they_are_written()
    {
        var output = new ResponseLikeStream();
        var csv = CsvWriter.Create(output, ["编号", "说明"]);
        for (var i = 0; i < 20_000; i++) await csv.WriteRowAsync([i, "一段较长的中文说明文字，用来填满缓冲区"]);

        // Before completion most of the file has already gone out: the writer keeps only a small buffer.
        output.Received.Length.ShouldBeGreaterThan(1_000_000);
        await csv.CompleteAsync();
        Encoding.UTF8.GetString(output.Received.ToArray()).Split("\r\n").Length.ShouldBe(20_002);
    }
}
