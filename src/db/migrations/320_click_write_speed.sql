-- Click writes run on the embedded engine's only thread, between redirects: their foreign-key checks were half
-- of their cost (54 → 25 ms per 1,000 clicks on PGlite). The writer already drops clicks of campaigns that no
-- longer exist (WHERE EXISTS at insert); deleting a campaign deletes its clicks here instead of by cascade.
ALTER TABLE clicks DROP CONSTRAINT IF EXISTS clicks_campaign_id_fkey;
ALTER TABLE link_clickers DROP CONSTRAINT IF EXISTS link_clickers_campaign_id_fkey;

CREATE FUNCTION campaigns_delete_clicks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM clicks WHERE campaign_id = OLD.id;
  DELETE FROM link_clickers WHERE campaign_id = OLD.id;
  RETURN OLD;
END $$;
CREATE TRIGGER campaigns_delete_clicks AFTER DELETE ON campaigns FOR EACH ROW EXECUTE FUNCTION campaigns_delete_clicks();
