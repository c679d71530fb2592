namespace BadgeForge.Data.Entities;

/// One role of one account in one organisation; a person may hold several roles in several organisations.
public sealed class Membership
{
    public Guid AccountId { get; set; }
    public Guid OrganisationId { get; set; }
    public OrganisationRole Role { get; set; }
    public DateTime CreatedAt { get; set; }

    public Account? Account { get; set; }
    public Organisation? Organisation { get; set; }
}

public enum OrganisationRole
{
    OrganisationAdmin,
    Trainer,
    SchoolStaff,
    Earner,
}
