using System.Collections;
using System.Reflection;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components.Forms;

namespace EnterpriseAid.Web.Components.Shared;

/// <summary>
/// Puts FluentValidation failures into a form's EditContext so each message shows next to its
/// field. Property paths such as "Contacts[1].Phone" are resolved to the nested object, which is
/// what the inputs of that row are bound to.
/// </summary>
public static class ValidationBridge
{
    public static void Show(EditContext context, ValidationMessageStore store, IEnumerable<ValidationFailure> failures)
    {
        store.Clear();
        foreach (var failure in failures)
        {
            store.Add(ToField(context.Model, failure.PropertyName), failure.ErrorMessage);
        }
        context.NotifyValidationStateChanged();
    }

    public static FieldIdentifier ToField(object model, string? path)
    {
        if (string.IsNullOrEmpty(path)) return new FieldIdentifier(model, string.Empty);
        var owner = model;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var next = Step(owner, segments[i]);
            if (next is null) return new FieldIdentifier(model, path);
            owner = next;
        }
        var last = segments[^1];
        var bracket = last.IndexOf('[');
        return bracket < 0 ? new FieldIdentifier(owner, last) : new FieldIdentifier(owner, last[..bracket]);
    }

    private static object? Step(object owner, string segment)
    {
        var bracket = segment.IndexOf('[');
        var name = bracket < 0 ? segment : segment[..bracket];
        var value = owner.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(owner);
        if (bracket < 0 || value is not IList list) return value;
        return int.TryParse(segment.AsSpan(bracket + 1, segment.Length - bracket - 2), out var index) && index >= 0 && index < list.Count
            ? list[index]
            : null;
    }
}
