-- The row the store health check rewrites (the old code created the table on the first check,
-- so a baselined store may or may not have it).
CREATE TABLE IF NOT EXISTS health_probe (id INT PRIMARY KEY);
INSERT INTO health_probe (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM health_probe WHERE id = 1);
