"""HR views under /hr/. Every route takes ids, never a CPR number."""

from django.urls import path

from placements.views import citizens, frikort, imports, placements, slots

app_name = "placements"

urlpatterns = [
    path("pladser/", slots.SlotListView.as_view(), name="slot_list"),
    path("pladser/ny/", slots.slot_create, name="slot_create"),
    path("pladser/<int:slot>/", slots.slot_detail, name="slot_detail"),
    path("pladser/<int:slot>/ret/", slots.slot_update, name="slot_update"),
    path("pladser/<int:slot>/i-bero/", slots.slot_pause, name="slot_pause"),
    path("pladser/<int:slot>/nedlaeg/", slots.slot_close, name="slot_close"),
    path("pladser/<int:slot>/genaabn/", slots.slot_reopen, name="slot_reopen"),
    path("rimelighedskrav/", slots.workplace_headroom, name="workplace_headroom"),
    path("pladser/<int:slot>/forloeb/ny/", citizens.citizen_search, name="placement_start"),
    path(
        "pladser/<int:slot>/forloeb/ny/<int:citizen>/",
        placements.placement_create,
        name="placement_create",
    ),
    path("forloeb/", placements.PlacementListView.as_view(), name="placement_list"),
    path("forloeb/<int:placement>/", placements.placement_detail, name="placement_detail"),
    path("forloeb/<int:placement>/ret/", placements.placement_update, name="placement_update"),
    path("forloeb/<int:placement>/forlaeng/", placements.placement_extend, name="placement_extend"),
    path("forloeb/<int:placement>/afslut/", placements.placement_end, name="placement_end"),
    path(
        "forloeb/<int:placement>/frikort/ny/",
        frikort.frikort_payment_create,
        name="frikort_payment_create",
    ),
    path("borgere/", citizens.citizen_search, name="citizen_search"),
    path("borgere/ny/", citizens.citizen_create, name="citizen_create"),
    path("borgere/<int:citizen>/", citizens.citizen_detail, name="citizen_detail"),
    path("borgere/<int:citizen>/ret/", citizens.citizen_update, name="citizen_update"),
    path("import/", imports.import_upload, name="import"),
    path("import/bekraeft/", imports.import_confirm, name="import_confirm"),
    path("import/skabelon.xlsx", imports.import_template, name="import_template"),
]
