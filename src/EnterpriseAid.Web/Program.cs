using EnterpriseAid.Infrastructure;
using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.Web.Components;
using EnterpriseAid.Web.Features.Calendar;
using EnterpriseAid.Web.Features.Dashboard;
using EnterpriseAid.Web.Features.Account;
using EnterpriseAid.Web.Features.Assignments;
using EnterpriseAid.Web.Features.Enterprises;
using EnterpriseAid.Web.Features.Imports;
using EnterpriseAid.Web.Features.Ledger;
using EnterpriseAid.Web.Features.Operating;
using EnterpriseAid.Web.Features.Organization;
using EnterpriseAid.Web.Features.Policies;
using EnterpriseAid.Web.Features.Portal;
using EnterpriseAid.Web.Features.Api;
using EnterpriseAid.Web.Features.Assistance;
using EnterpriseAid.Web.Features.Subsidies;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Features.Projects;
using EnterpriseAid.Web.Features.Supervision;
using EnterpriseAid.Web.Features.Briefings;
using EnterpriseAid.Web.Features.Tasks;
using EnterpriseAid.Web.Features.Users;
using EnterpriseAid.Web.Features.Visits;
using EnterpriseAid.Web.Hosting;
using Serilog;

// Verbs for scripts and operators: "migrate" applies pending migrations and exits;
// "seed" also loads the demo district into an empty database.
var verb = args.FirstOrDefault(a => a is "migrate" or "seed");
args = args.Where(a => a != verb).ToArray();

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();

builder.Services.AddInfrastructure();
// Registered first: hosted services start in order, and the keys below live in the database.
if (verb is null) builder.Services.AddHostedService<DatabaseStartup>();
builder.Services.AddPortalDataProtection();
builder.Services.AddPortalLocalization();
// Emit Chinese text as UTF-8, not as &#x...; entities (a third of the bytes, readable source).
builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddRazorComponents();
builder.Services.AddAntiforgery();
builder.Services.AddPortalIdentity(builder.Environment);
builder.Services.AddAuditActor();
builder.Services.AddPortalHealthChecks();
builder.Services.AddAccountFeature();
builder.Services.AddEnterpriseFeature();
builder.Services.AddVisitFeature();
builder.Services.AddOrganizationFeature();
builder.Services.AddUserAdministrationFeature();
builder.Services.AddProblemFeature();
builder.Services.AddCalendarFeature();
builder.Services.AddSupervisionFeature();
builder.Services.AddLedgerFeature();
builder.Services.AddTaskFeature();
builder.Services.AddDashboardFeature();
builder.Services.AddAssignmentFeature();
builder.Services.AddBriefingFeature();
builder.Services.AddPolicyFeature();
builder.Services.AddPortalFeature();
builder.Services.AddAssistanceFeature();
builder.Services.AddSubsidyFeature();
builder.Services.AddOperatingFeature();
builder.Services.AddProjectFeature();
builder.Services.AddImportFeature();
builder.Services.AddApiFeature();
builder.Services.AddPortalRateLimiting(builder.Configuration);
builder.Services.AddRequestGate(builder.Configuration);

var app = builder.Build();

if (verb is not null)
{
    app.Configuration["Seed:DemoDistrict"] = verb == "seed" ? "true" : "false";
    await DatabaseStartup.RunAsync(app.Services, app.Configuration, app.Logger, CancellationToken.None);
    await Log.CloseAndFlushAsync();
    return;
}

app.UseSecurityHeaders();
app.UseNodeHeader(app.Configuration);
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseMiddleware<RequestLogging>();
app.UsePortalStatusPages();
app.UseStaticFiles();
app.UseRequestGate();
app.UsePortalLocalization();
app.UseApiCallAudit();
app.UseAuthentication();
app.UseAuthorization();
// After authorization: the API's limit is per client, known once its key has been checked.
app.UsePortalRateLimiting();
app.UseQueryValidation();
app.UseAntiforgery();

app.MapPortalHealthChecks();
app.MapCultureSwitch();
app.MapAccountEndpoints();
app.MapContactCall();
app.MapVisitEndpoints();
app.MapCalendarEndpoints();
app.MapProblemEndpoints();
app.MapLedgerEndpoints();
app.MapTaskEndpoints();
app.MapDashboardEndpoints();
app.MapAssignmentEndpoints();
app.MapBriefingEndpoints();
app.MapPolicyEndpoints();
app.MapAssistanceEndpoints();
app.MapOperatingEndpoints();
app.MapProjectEndpoints();
app.MapBenchmarkCeilings();
app.MapImportEndpoints();
app.MapEnterpriseEndpoints();
app.MapSubsidyEndpoints();
app.MapApiEndpoints();
app.MapApiClientEndpoints();
app.MapPortalStatusPages();
app.MapRazorComponents<App>();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("助企服务平台 EnterpriseAid is serving at {Urls}", string.Join(", ", app.Urls)));

await app.RunAsync();
await Log.CloseAndFlushAsync();

public partial class Program;
