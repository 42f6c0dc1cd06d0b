-- Why a worker process ended when it did not stop by itself (killed, crashed, lost): health shows restarts.
ALTER TABLE "workers" ADD COLUMN "exit_reason" TEXT;
