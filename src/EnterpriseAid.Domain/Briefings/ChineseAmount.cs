using System.Globalization;

namespace EnterpriseAid.Domain.Briefings;

/// <summary>
/// Money stored in 元 shown the way the bulletins print it: 亿元 from one hundred million up, 万元 from ten
/// thousand up, 元 below. Rounding: 亿元 to two decimals ("2.15亿元"), 万元 to one decimal when under 1000万元
/// ("8.5万元") and to whole 万元 from 1000万元 ("3560万元"), 元 whole; midpoints away from zero; trailing zeros
/// dropped ("3亿元", not "3.00亿元"). A figure that would round up into the next unit is shown in that unit
/// (99,999,999元 → "1亿元", not "10000万元"); below 10000元 the amount stays in 元.
/// </summary>
public static class ChineseAmount
{
    private const decimal Wan = 10_000m;
    private const decimal Yi = 100_000_000m;

    public static string Format(decimal yuan)
    {
        var sign = yuan < 0 ? "-" : string.Empty;
        var value = Math.Abs(yuan);

        var wan = value / Wan;
        var wanRounded = wan >= 1000m ? Math.Round(wan, 0, MidpointRounding.AwayFromZero) : Math.Round(wan, 1, MidpointRounding.AwayFromZero);
        if (value >= Yi || wanRounded >= 10_000m)
        {
            return sign + Number(Math.Round(value / Yi, 2, MidpointRounding.AwayFromZero)) + "亿元";
        }
        if (value >= Wan)
        {
            return sign + Number(wanRounded) + "万元";
        }
        return sign + Number(Math.Round(value, 0, MidpointRounding.AwayFromZero)) + "元";
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
