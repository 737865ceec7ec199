using OscpFleet.Gateway;
using OscpFleet.Hosting;

return await ConfigurationErrors.ExitOnInvalidAsync(() => GatewayHost.Build(new WebApplicationOptions { Args = args }));
