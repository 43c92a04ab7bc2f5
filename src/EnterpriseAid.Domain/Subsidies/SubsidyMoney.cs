using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Subsidies;

/// <summary>
/// Amounts of money in 元 with at most two decimals (分), held as <see cref="decimal"/> and stored as
/// numeric(14,2): never floating point. The budget rule lives here so the domain and the SQL guard agree.
/// </summary>
public static class SubsidyMoney
{
    /// <summary>Largest amount a field accepts: 9,999,999,999.99元 (just under 100亿元).</summary>
    public const decimal Max = 9_999_999_999.99m;

    /// <summary>Checks a positive amount of at most two decimals; <paramref name="what"/> names the field in the message.</summary>
    public static decimal Require(decimal amount, string what)
    {
        if (amount <= 0) throw new DomainException($"{what}须大于0元");
        if (amount > Max) throw new DomainException($"{what}不能超过{Max:0.00}元");
        if (decimal.Round(amount, 2) != amount) throw new DomainException($"{what}最多保留两位小数（精确到分）");
        return amount;
    }

    /// <summary>预算余额: what is left of the budget after the approved total.</summary>
    public static decimal Remaining(decimal budget, decimal approvedTotal) => budget - approvedTotal;

    /// <summary>Does approving <paramref name="amount"/> more keep the approved total within the budget?</summary>
    public static bool Fits(decimal budget, decimal approvedTotal, decimal amount) => approvedTotal + amount <= budget;

    /// <summary>The refusal shown when an approval would overspend the budget.</summary>
    public static string InsufficientMessage(decimal budget, decimal approvedTotal) =>
        $"预算余额不足：本项目预算{budget:0.00}元，已批准{approvedTotal:0.00}元，余额{Remaining(budget, approvedTotal):0.00}元";
}
