using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AwardStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Awards_BulkRowId",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_ExpiresAt",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_OrganisationId_RevokedAt",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_SupersedesAwardId",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_BulkRowId",
                table: "Awards",
                column: "BulkRowId",
                unique: true,
                filter: "\"BulkRowId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_ExpiresAt",
                table: "Awards",
                column: "ExpiresAt",
                filter: "\"ExpiresAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_OrganisationId_RevokedAt",
                table: "Awards",
                columns: new[] { "OrganisationId", "RevokedAt" },
                filter: "\"RevokedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_SupersedesAwardId",
                table: "Awards",
                column: "SupersedesAwardId",
                unique: true,
                filter: "\"SupersedesAwardId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Awards_BulkRowId",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_ExpiresAt",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_OrganisationId_RevokedAt",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_SupersedesAwardId",
                table: "Awards");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_BulkRowId",
                table: "Awards",
                column: "BulkRowId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Awards_ExpiresAt",
                table: "Awards",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_OrganisationId_RevokedAt",
                table: "Awards",
                columns: new[] { "OrganisationId", "RevokedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_SupersedesAwardId",
                table: "Awards",
                column: "SupersedesAwardId",
                unique: true);
        }
    }
}
