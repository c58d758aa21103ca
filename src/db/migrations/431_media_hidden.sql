-- Deleting a file that launched campaigns use hides it from the workspace's library instead of removing it: LINE
-- fetches the picture or video when someone opens the chat, long after the send, so its URL must keep answering.
-- A hidden row keeps the bytes (and the public URL) alive; uploading the same file again shows it again.
ALTER TABLE media ADD COLUMN hidden_at timestamptz;
