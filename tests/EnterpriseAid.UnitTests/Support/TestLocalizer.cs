using System.Globalization;
using FluentValidation;
using EnterpriseAid.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnterpriseAid.UnitTests.Support;

/// <summary>The portal's real resource files, as the web host loads them.</summary>
public static class TestLocalizer
{
    public static IStringLocalizer<SharedResource> Create() =>
        new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(
            Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    /// <summary>Runs <paramref name="action"/> with the given UI culture and restores the previous one.</summary>
    public static T InCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Validates <paramref name="model"/> in the given UI culture and returns the single failure: property and message.</summary>
    public static (string Property, string Message) OnlyFailure<T>(IValidator<T> validator, T model, string culture = "zh-CN")
    {
        var failure = InCulture(culture, () => validator.Validate(model)).Errors.ShouldHaveSingleItem();
        return (failure.PropertyName, failure.ErrorMessage);
    }
}
