using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AwardsByEmailAndOrganisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Awards_RecipientEmail",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_RecipientEmail_OrganisationId",
                table: "Awards",
                columns: new[] { "RecipientEmail", "OrganisationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Awards_RecipientEmail_OrganisationId",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_RecipientEmail",
                table: "Awards",
                column: "RecipientEmail");
        }
    }
}
