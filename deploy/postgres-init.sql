-- Each service owns its database.
CREATE DATABASE leads;
CREATE DATABASE billing;
CREATE DATABASE newsletter;
CREATE DATABASE gateway;
