using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BulkKeysHeldByRowState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BulkRows_OrganisationId_ReservedKey",
                table: "BulkRows");

            migrationBuilder.DropColumn(
                name: "ReservedKey",
                table: "BulkRows");

            migrationBuilder.CreateIndex(
                name: "IX_BulkRows_OrganisationId_IdempotencyKey",
                table: "BulkRows",
                columns: new[] { "OrganisationId", "IdempotencyKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BulkRows_OrganisationId_IdempotencyKey",
                table: "BulkRows");

            migrationBuilder.AddColumn<string>(
                name: "ReservedKey",
                table: "BulkRows",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_BulkRows_OrganisationId_ReservedKey",
                table: "BulkRows",
                columns: new[] { "OrganisationId", "ReservedKey" },
                unique: true);
        }
    }
}
