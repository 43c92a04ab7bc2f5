namespace EnterpriseAid.Web.Features.Account;

public sealed class LoginFormModel
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

public sealed class ChangePasswordFormModel
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}
