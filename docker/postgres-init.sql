-- First start of the compose PostgreSQL: the warehouse's role and database (Airflow's are made by the image).
create role newsetl login password 'newsetl';
create database newsetl owner newsetl;
