using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BulkIssuance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BulkRowId",
                table: "Awards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BulkBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Valid = table.Column<int>(type: "INTEGER", nullable: false),
                    Invalid = table.Column<int>(type: "INTEGER", nullable: false),
                    ConfirmedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelRequestedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RolledBackAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RolledBackByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RollbackReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BulkBatches_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BulkRows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecipientEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Badge = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    IssuedOn = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EvidenceUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Narrative = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReservedKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Column = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AssertionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BulkRows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BulkRows_BulkBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "BulkBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_BulkRowId",
                table: "Awards",
                column: "BulkRowId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BulkBatches_OrganisationId_CreatedAt",
                table: "BulkBatches",
                columns: new[] { "OrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkBatches_State",
                table: "BulkBatches",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_BulkRows_BatchId_State_Line",
                table: "BulkRows",
                columns: new[] { "BatchId", "State", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_BulkRows_OrganisationId_ReservedKey",
                table: "BulkRows",
                columns: new[] { "OrganisationId", "ReservedKey" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Awards_BulkRows_BulkRowId",
                table: "Awards",
                column: "BulkRowId",
                principalTable: "BulkRows",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Awards_BulkRows_BulkRowId",
                table: "Awards");

            migrationBuilder.DropTable(
                name: "BulkRows");

            migrationBuilder.DropTable(
                name: "BulkBatches");

            migrationBuilder.DropIndex(
                name: "IX_Awards_BulkRowId",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "BulkRowId",
                table: "Awards");
        }
    }
}
