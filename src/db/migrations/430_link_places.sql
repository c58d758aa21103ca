-- Where a tracked link sits in the campaign's messages: the message index, the carousel bubble (Flex carousels)
-- and the JSON path inside the message. A link is now (campaign, message, bubble, path, url): the same URL in two
-- bubbles is two links with their own clicks, so the report can say which bubble was clicked.
-- Links written before this migration keep NULL places (their link_id is the hash of the URL alone) and keep
-- resolving and counting; the report shows them as "place not recorded".
ALTER TABLE campaign_links ADD COLUMN message_index integer;
ALTER TABLE campaign_links ADD COLUMN bubble integer;
ALTER TABLE campaign_links ADD COLUMN path text;
