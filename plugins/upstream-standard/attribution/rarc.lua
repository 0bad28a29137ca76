-- Remark codes that route a denial (DOMAIN 3.5): CARC 16, 125, A1, 226 and 252 mean little
-- without them. A remark's entry overrides its CARC's entry.
attribution { rarc = require("rarc") }
