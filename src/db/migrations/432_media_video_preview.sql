-- Videos get a preview (made from the first frame with ffmpeg, or a picture of the library named at upload), so
-- the preview's type can differ from the file's (image/jpeg beside video/mp4); and a video's duration, read by
-- ffprobe. Earlier rows keep NULL: their preview is of the file's own type, or there is none.
ALTER TABLE media ADD COLUMN preview_type text;
ALTER TABLE media ADD COLUMN duration_ms integer;
