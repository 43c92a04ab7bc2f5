namespace EnterpriseAid.Domain.Calendar;

/// <summary>What an entry in the holiday schedule says about its date.</summary>
public enum CalendarDayKind
{
    /// <summary>放假: a day off, even when it falls on a weekday.</summary>
    Holiday = 0,

    /// <summary>调休上班: a Saturday or Sunday that is worked.</summary>
    Workday = 1,
}

/// <summary>One dated entry of the official schedule, e.g. 2026-10-10 Workday 国庆节调休上班.</summary>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name);
