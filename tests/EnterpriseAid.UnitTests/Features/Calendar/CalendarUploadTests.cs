using System.Text;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Web.Features.Calendar;

namespace EnterpriseAid.UnitTests.Features.Calendar;

public sealed class CalendarUploadTests
{
    private const string Csv = "date,kind,name\n2027-01-01,holiday,元旦\n";

    [Fact]
    public void Utf8_with_or_without_a_byte_order_mark_is_read()
    {
        CalendarUpload.Decode(Encoding.UTF8.GetBytes(Csv), "a.csv").ShouldBe((Csv, null));
        CalendarUpload.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv)], "a.csv").ShouldBe((Csv, null));
    }

    [Fact]
    public void A_file_Excel_saved_in_GBK_is_read()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        CalendarUpload.Decode(Encoding.GetEncoding("GB18030").GetBytes(Csv), "放假安排.csv").ShouldBe((Csv, null));
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "book.csv", CalendarUpload.Errors.Spreadsheet)]
    [InlineData(new byte[] { 0x64, 0x61, 0x74, 0x65 }, "book.xlsx", CalendarUpload.Errors.Spreadsheet)]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, "book.csv", CalendarUpload.Errors.Spreadsheet)]
    [InlineData(new byte[] { 0x32, 0x30, 0x00, 0x32 }, "utf16.csv", CalendarUpload.Errors.NotText)]
    [InlineData(new byte[] { 0x32, 0x30, 0x07, 0x32 }, "bell.csv", CalendarUpload.Errors.NotText)]
    [InlineData(new byte[] { }, "empty.csv", CalendarUpload.Errors.Empty)]
    [InlineData(new byte[] { 0x20, 0x0A, 0x0D }, "blank.csv", CalendarUpload.Errors.Empty)]
    public void What_cannot_be_a_holiday_file_is_refused_with_the_reason(byte[] bytes, string name, string error) =>
        CalendarUpload.Decode(bytes, name).ShouldBe((null, error));
}

public sealed class CalendarDisplayTests
{
    [Fact]
    public void Consecutive_days_of_one_name_and_kind_form_one_span()
    {
        var day = (int m, int d, CalendarDayKind k, string n) => new CalendarDay(new DateOnly(2026, m, d), k, n);
        var spans = CalendarDisplay.Spans(
        [
            day(10, 2, CalendarDayKind.Holiday, "国庆节"), day(10, 1, CalendarDayKind.Holiday, "国庆节"), day(10, 3, CalendarDayKind.Holiday, "国庆节"),
            day(10, 10, CalendarDayKind.Workday, "国庆节调休上班"), day(9, 27, CalendarDayKind.Holiday, "中秋节"), day(10, 11, CalendarDayKind.Workday, "国庆节调休上班"),
            day(10, 5, CalendarDayKind.Holiday, "国庆节"),
        ]);

        spans.Select(s => (s.Name, s.First.ToString("MM-dd"), s.Days)).ShouldBe(
        [
            ("中秋节", "09-27", 1), ("国庆节", "10-01", 3), ("国庆节", "10-05", 1), ("国庆节调休上班", "10-10", 2),
        ]);
    }

    [Fact]
    public void The_import_diff_counts_added_removed_and_changed_days()
    {
        var stored = new[]
        {
            new CalendarDay(new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "元旦"),
            new CalendarDay(new DateOnly(2027, 1, 2), CalendarDayKind.Holiday, "元旦"),
            new CalendarDay(new DateOnly(2027, 2, 20), CalendarDayKind.Workday, "春节调休上班"),
        };
        var imported = new[]
        {
            new CalendarDay(new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "元旦"),
            new CalendarDay(new DateOnly(2027, 1, 2), CalendarDayKind.Holiday, "新年"),
            new CalendarDay(new DateOnly(2027, 1, 3), CalendarDayKind.Holiday, "元旦"),
        };

        CalendarImportDiff.Between(stored, imported).ShouldBe(new CalendarImportDiff(Added: 1, Removed: 1, Changed: 1, Unchanged: 1));
        CalendarImportDiff.Between(stored, stored).HasChanges.ShouldBeFalse();
    }
}
