using Hms.Silo.Hosting;
using Hms.Silo.ReadModel;
using Hms.Waitlist;

namespace Hms.Silo.Waitlist;

public sealed class WaitlistOnSilo : ISiloCapability
{
    public void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddRowUpsert<WaitlistOfferRow>(WaitlistUpserts.Offer);
}
