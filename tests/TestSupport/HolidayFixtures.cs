namespace EnterpriseAid.TestSupport;

/// <summary>
/// Holiday files for tests, in the format of shared/data/holidays-cn-2026.csv. They are made up to look like a
/// State Council schedule (a week off for 春节 and 国庆节, make-up Saturdays and Sundays); they are NOT the
/// official schedules of those years and must never be imported into a real database.
/// </summary>
public static class HolidayFixtures
{
    /// <summary>29 days off, 5 make-up workdays. 元旦 is Fri 1 – Sun 3 January, so Mon 4 January is worked.</summary>
    public const string Year2027 = """
        date,kind,name
        2027-01-01,holiday,元旦
        2027-01-02,holiday,元旦
        2027-01-03,holiday,元旦
        2027-02-06,holiday,春节
        2027-02-07,holiday,春节
        2027-02-08,holiday,春节
        2027-02-09,holiday,春节
        2027-02-10,holiday,春节
        2027-02-11,holiday,春节
        2027-02-12,holiday,春节
        2027-02-13,holiday,春节
        2027-02-14,holiday,春节
        2027-02-20,workday,春节调休上班
        2027-04-03,holiday,清明节
        2027-04-04,holiday,清明节
        2027-04-05,holiday,清明节
        2027-04-25,workday,劳动节调休上班
        2027-05-01,holiday,劳动节
        2027-05-02,holiday,劳动节
        2027-05-03,holiday,劳动节
        2027-05-04,holiday,劳动节
        2027-05-05,holiday,劳动节
        2027-05-08,workday,劳动节调休上班
        2027-06-09,holiday,端午节
        2027-09-15,holiday,中秋节
        2027-09-26,workday,国庆节调休上班
        2027-10-01,holiday,国庆节
        2027-10-02,holiday,国庆节
        2027-10-03,holiday,国庆节
        2027-10-04,holiday,国庆节
        2027-10-05,holiday,国庆节
        2027-10-06,holiday,国庆节
        2027-10-07,holiday,国庆节
        2027-10-09,workday,国庆节调休上班
        """;

    /// <summary>A shorter made-up year: 9 days off, 2 make-up workdays.</summary>
    public const string Year2028 = """
        date,kind,name
        2028-01-01,holiday,元旦
        2028-01-02,holiday,元旦
        2028-01-03,holiday,元旦
        2028-01-25,holiday,春节
        2028-01-26,holiday,春节
        2028-01-27,holiday,春节
        2028-01-28,holiday,春节
        2028-01-29,workday,春节调休上班
        2028-04-02,holiday,清明节
        2028-04-03,holiday,清明节
        2028-04-29,workday,劳动节调休上班
        """;
}
