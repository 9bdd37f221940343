-- A statement sent in a batch (one round trip, no code between statements) cannot look at a result and stop: this
-- lets it stop the transaction instead. `reason` comes back as the error message, under SQLSTATE LHA01.
CREATE FUNCTION lh_assert(ok boolean, reason text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'LHA01', MESSAGE = reason;
  END IF;
  RETURN true;
END
$$;
