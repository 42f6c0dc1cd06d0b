-- CreateTable
CREATE TABLE "endpoint_usage_windows" (
    "id" UUID NOT NULL,
    "endpoint_profile_id" UUID NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "endpoint_usage_windows_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "endpoint_usage_windows_endpoint_profile_id_window_start_key" ON "endpoint_usage_windows"("endpoint_profile_id", "window_start");

-- AddForeignKey
ALTER TABLE "endpoint_usage_windows" ADD CONSTRAINT "endpoint_usage_windows_endpoint_profile_id_fkey" FOREIGN KEY ("endpoint_profile_id") REFERENCES "endpoint_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

