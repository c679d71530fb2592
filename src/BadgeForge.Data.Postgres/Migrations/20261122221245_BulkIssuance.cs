using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Postgres.Migrations
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BulkBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Valid = table.Column<int>(type: "integer", nullable: false),
                    Invalid = table.Column<int>(type: "integer", nullable: false),
                    ConfirmedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelRequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RolledBackAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RolledBackByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    RollbackReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecipientEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    RecipientName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Badge = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    IssuedOn = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EvidenceUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Narrative = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReservedKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Column = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Problem = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AssertionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
