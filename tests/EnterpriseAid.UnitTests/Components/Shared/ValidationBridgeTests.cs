using EnterpriseAid.Web.Components.Shared;
using EnterpriseAid.Web.Features.Enterprises;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components.Forms;

namespace EnterpriseAid.UnitTests.Components.Shared;

public sealed class ValidationBridgeTests
{
    private static EnterpriseFormModel Model() => new()
    {
        Name = "恒达",
        Tags = ["specialized"],
        Contacts =
        [
            new ContactFormModel { Name = "李娜", Phone = "13812345678" },
            new ContactFormModel { Name = "张伟", Phone = "123" },
        ],
    };

    [Fact]
    public void Top_level_property_maps_to_the_model()
    {
        var model = Model();

        var field = ValidationBridge.ToField(model, "Name");

        field.Model.ShouldBeSameAs(model);
        field.FieldName.ShouldBe("Name");
    }

    [Fact]
    public void Indexed_path_maps_to_the_nested_row_object()
    {
        var model = Model();

        var field = ValidationBridge.ToField(model, "Contacts[1].Phone");

        field.Model.ShouldBeSameAs(model.Contacts[1]);
        field.FieldName.ShouldBe("Phone");
    }

    [Fact]
    public void First_row_maps_to_the_first_contact() =>
        ValidationBridge.ToField(Model(), "Contacts[0].Name").Model.ShouldBeOfType<ContactFormModel>().Name.ShouldBe("李娜");

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Empty_path_maps_to_the_model_itself(string? path)
    {
        var model = Model();

        var field = ValidationBridge.ToField(model, path);

        field.Model.ShouldBeSameAs(model);
        field.FieldName.ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("Contacts[2].Phone")]
    [InlineData("Contacts[99].Phone")]
    [InlineData("Contacts[-1].Phone")]
    [InlineData("Contacts[x].Phone")]
    [InlineData("Missing.Phone")]
    public void Path_that_does_not_resolve_falls_back_to_the_model(string path)
    {
        var model = Model();

        var field = ValidationBridge.ToField(model, path);

        field.Model.ShouldBeSameAs(model);
        field.FieldName.ShouldBe(path);
    }

    [Fact]
    public void Indexed_leaf_maps_to_the_collection_property() =>
        ValidationBridge.ToField(Model(), "Tags[0]").ShouldSatisfyAllConditions(
            f => f.Model.ShouldBeOfType<EnterpriseFormModel>(),
            f => f.FieldName.ShouldBe("Tags"));

    [Fact]
    public void Show_puts_each_message_next_to_its_field_and_clears_old_ones()
    {
        var model = Model();
        var context = new EditContext(model);
        var store = new ValidationMessageStore(context);
        ValidationBridge.Show(context, store, [new ValidationFailure("Name", "旧消息")]);

        ValidationBridge.Show(context, store,
        [
            new ValidationFailure("Contacts[1].Phone", "联系电话不正确"),
            new ValidationFailure("Employees", "请填写从业人数"),
        ]);

        context.GetValidationMessages(new FieldIdentifier(model.Contacts[1], "Phone")).ShouldBe(["联系电话不正确"]);
        context.GetValidationMessages(new FieldIdentifier(model.Contacts[0], "Phone")).ShouldBeEmpty();
        context.GetValidationMessages(new FieldIdentifier(model, "Employees")).ShouldBe(["请填写从业人数"]);
        context.GetValidationMessages(new FieldIdentifier(model, "Name")).ShouldBeEmpty();
    }
}
